-- Quota limits that must hold exactly under concurrency are checked inside the INSERT itself:
-- D1 has no interactive transactions, so a read-then-write check in the Worker could be raced.
-- The fallbacks (1 GB, 3 projects) are the free plan's, for a workspace without a billing row.
CREATE TRIGGER `artifacts_storage_quota` BEFORE INSERT ON `artifacts`
WHEN NOT EXISTS (SELECT 1 FROM `artifacts` WHERE `job_id` = NEW.`job_id` AND `name` = NEW.`name`)
  AND (SELECT COALESCE(SUM(`size`), 0) FROM `artifacts` WHERE `workspace_id` = NEW.`workspace_id`) + NEW.`size`
    > COALESCE((SELECT COALESCE(`storage_limit_bytes`, 9223372036854775807) FROM `workspace_billing` WHERE `workspace_id` = NEW.`workspace_id`), 1000000000)
BEGIN SELECT RAISE(ABORT, 'quota_exceeded:storage'); END;--> statement-breakpoint
CREATE TRIGGER `projects_count_quota` BEFORE INSERT ON `projects`
WHEN (SELECT COUNT(*) FROM `projects` WHERE `workspace_id` = NEW.`workspace_id`)
    >= COALESCE((SELECT COALESCE(`project_limit`, 9223372036854775807) FROM `workspace_billing` WHERE `workspace_id` = NEW.`workspace_id`), 3)
BEGIN SELECT RAISE(ABORT, 'quota_exceeded:projects'); END;
