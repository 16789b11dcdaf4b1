CREATE TABLE `event_outbox` (
	`pos` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`published_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_outbox_id` ON `event_outbox` (`id`);--> statement-breakpoint
CREATE INDEX `event_outbox_workspace_pending` ON `event_outbox` (`workspace_id`,`published_at`,`pos`);
