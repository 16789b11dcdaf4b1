CREATE TABLE `transcripts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`job_id` text NOT NULL,
	`project_id` text,
	`language` text NOT NULL,
	`engine` text NOT NULL,
	`engine_version` text NOT NULL,
	`duration_seconds` real NOT NULL,
	`segment_count` integer NOT NULL,
	`word_count` integer NOT NULL,
	`preview` text NOT NULL,
	`r2_key` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcripts_job_id_unique` ON `transcripts` (`job_id`);--> statement-breakpoint
CREATE INDEX `transcripts_workspace` ON `transcripts` (`workspace_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `checkpoint` text;