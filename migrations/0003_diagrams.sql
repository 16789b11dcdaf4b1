CREATE TABLE `diagrams` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`job_id` text NOT NULL,
	`transcript_id` text,
	`project_id` text,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`language` text NOT NULL,
	`detection` text NOT NULL,
	`options` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `diagrams_job_id_unique` ON `diagrams` (`job_id`);--> statement-breakpoint
CREATE INDEX `diagrams_workspace` ON `diagrams` (`workspace_id`,`created_at`);