CREATE TABLE `alert_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_channels_workspace` ON `alert_channels` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `alert_incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`status` text NOT NULL,
	`metric` text NOT NULL,
	`value` real NOT NULL,
	`threshold` real NOT NULL,
	`step` integer DEFAULT 0 NOT NULL,
	`opened_at` text NOT NULL,
	`acknowledged_at` text,
	`acknowledged_by` text,
	`resolved_at` text,
	`resolved_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_incidents_workspace` ON `alert_incidents` (`workspace_id`,`opened_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `alert_incidents_one_open_per_rule` ON `alert_incidents` (`workspace_id`,`rule_id`) WHERE "alert_incidents"."resolved_at" is null;--> statement-breakpoint
CREATE TABLE `alert_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`step` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`status_code` integer,
	`error` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_notifications_workspace` ON `alert_notifications` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `alert_notifications_incident` ON `alert_notifications` (`workspace_id`,`incident_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`metric` text NOT NULL,
	`threshold` real NOT NULL,
	`window_minutes` integer NOT NULL,
	`min_jobs` integer DEFAULT 1 NOT NULL,
	`steps` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_rules_workspace` ON `alert_rules` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `alert_rules_enabled` ON `alert_rules` (`enabled`,`workspace_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`before_json` text,
	`after_json` text,
	`ip` text,
	`user_agent` text,
	`request_id` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_workspace_seq` ON `audit_log` (`workspace_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_workspace_action` ON `audit_log` (`workspace_id`,`action`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_workspace_actor` ON `audit_log` (`workspace_id`,`actor_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_workspace_target` ON `audit_log` (`workspace_id`,`target_id`,`seq`);--> statement-breakpoint
CREATE TABLE `billing_charges` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`occurred_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `billing_charges_workspace` ON `billing_charges` (`workspace_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comments_subject` ON `comments` (`workspace_id`,`subject_type`,`subject_id`,`id`);--> statement-breakpoint
CREATE TABLE `custom_roles` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`permissions` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_roles_workspace_name` ON `custom_roles` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `dashboards` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`panels` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dashboards_workspace` ON `dashboards` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dead_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`job_id` text NOT NULL,
	`stage` text NOT NULL,
	`reason` text NOT NULL,
	`deliveries` integer NOT NULL,
	`dead_at` text NOT NULL,
	`replayed_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dead_jobs_workspace` ON `dead_jobs` (`workspace_id`,`dead_at`);--> statement-breakpoint
CREATE INDEX `dead_jobs_pending` ON `dead_jobs` (`replayed_at`,`id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`status` text NOT NULL,
	`invited_by` text NOT NULL,
	`created_at` text NOT NULL,
	`sent_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`responded_at` text,
	`responded_by` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_workspace` ON `invitations` (`workspace_id`,`status`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_one_pending` ON `invitations` (`workspace_id`,`email`) WHERE "invitations"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`action_url` text,
	`related_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_workspace` ON `outbox` (`workspace_id`,`related_id`,`id`);--> statement-breakpoint
CREATE TABLE `workspace_billing` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`billing_cycle` text DEFAULT 'monthly' NOT NULL,
	`currency` text DEFAULT 'usd' NOT NULL,
	`period_start` text NOT NULL,
	`pending_plan` text,
	`pending_cycle` text,
	`plan_overrides` text,
	`storage_limit_bytes` integer,
	`project_limit` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `workspace_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`status` text NOT NULL,
	`trigger` text NOT NULL,
	`row_count` integer DEFAULT 0 NOT NULL,
	`object_count` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`manifest_sha256` text,
	`error` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `workspace_exports_workspace` ON `workspace_exports` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `workspace_exports_trigger` ON `workspace_exports` (`workspace_id`,`trigger`,`created_at`);--> statement-breakpoint
ALTER TABLE `workspaces` ADD `settings` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `deletion_scheduled_at` text;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `deletion_scheduled_by` text;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `deletes_at` text;--> statement-breakpoint
CREATE INDEX `workspaces_deletes_at` ON `workspaces` (`deletes_at`);--> statement-breakpoint
CREATE INDEX `artifacts_workspace_size` ON `artifacts` (`workspace_id`,`size`);--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_one_owner` ON `memberships` (`workspace_id`) WHERE "memberships"."role" = 'owner';--> statement-breakpoint
CREATE INDEX `usage_workspace_occurred` ON `usage_events` (`workspace_id`,`occurred_at`);