-- Usage rows are keyed by (workspace, id): an id derived from a job (`use_<jobId>_<meter>`) can
-- only ever collide with a row of the same workspace, so no other workspace (an import, say) can
-- pre-claim it and leave the job unmetered. SQLite cannot change a primary key in place.
CREATE TABLE `__new_usage_events` (
	`id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`job_id` text,
	`meter` text NOT NULL,
	`quantity` real NOT NULL,
	`occurred_at` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_usage_events` (`id`, `workspace_id`, `job_id`, `meter`, `quantity`, `occurred_at`) SELECT `id`, `workspace_id`, `job_id`, `meter`, `quantity`, `occurred_at` FROM `usage_events`;--> statement-breakpoint
DROP TABLE `usage_events`;--> statement-breakpoint
ALTER TABLE `__new_usage_events` RENAME TO `usage_events`;--> statement-breakpoint
CREATE INDEX `usage_workspace_meter` ON `usage_events` (`workspace_id`,`meter`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `usage_workspace_occurred` ON `usage_events` (`workspace_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `usage_workspace_job` ON `usage_events` (`workspace_id`,`job_id`,`meter`);--> statement-breakpoint
-- What admitted, not yet metered work will use of a capped monthly allowance. A hold counts until
-- its job's usage row exists or the job ends; a hold whose job was never written (the request
-- failed after admission) stops counting at `expires_at`.
CREATE TABLE `usage_holds` (
	`workspace_id` text NOT NULL,
	`job_id` text NOT NULL,
	`meter` text NOT NULL,
	`quantity_milli` integer NOT NULL,
	`cap_milli` integer NOT NULL,
	`month_from` text NOT NULL,
	`month_to` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `job_id`, `meter`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `usage_holds_workspace_month` ON `usage_holds` (`workspace_id`,`meter`,`month_from`);--> statement-breakpoint
-- Monthly allowances hold exactly under concurrency, like projects and storage (0006): the check
-- is inside the INSERT, because D1 has no interactive transactions. As on the sequential path, work
-- is admitted while the month's use (metered plus held) is below the cap, so the job that reaches
-- the cap runs and the next is refused.
CREATE TRIGGER `usage_holds_monthly_allowance` BEFORE INSERT ON `usage_holds`
WHEN (SELECT COALESCE(SUM(CAST(ROUND(`quantity` * 1000) AS INTEGER)), 0) FROM `usage_events`
       WHERE `workspace_id` = NEW.`workspace_id` AND `meter` = NEW.`meter` AND `occurred_at` >= NEW.`month_from` AND `occurred_at` < NEW.`month_to`)
   + (SELECT COALESCE(SUM(h.`quantity_milli`), 0) FROM `usage_holds` h
       WHERE h.`workspace_id` = NEW.`workspace_id` AND h.`meter` = NEW.`meter` AND h.`month_from` = NEW.`month_from`
         AND NOT EXISTS (SELECT 1 FROM `usage_events` u WHERE u.`workspace_id` = h.`workspace_id` AND u.`job_id` = h.`job_id` AND u.`meter` = h.`meter`)
         AND NOT EXISTS (SELECT 1 FROM `jobs` j WHERE j.`id` = h.`job_id` AND j.`workspace_id` = h.`workspace_id` AND j.`status` IN ('succeeded', 'failed', 'canceled'))
         AND (h.`expires_at` > NEW.`created_at` OR EXISTS (SELECT 1 FROM `jobs` j WHERE j.`id` = h.`job_id` AND j.`workspace_id` = h.`workspace_id`)))
   >= NEW.`cap_milli`
BEGIN SELECT RAISE(ABORT, 'quota_exceeded:monthly'); END;
