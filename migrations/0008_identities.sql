ALTER TABLE `users` ADD `email_verified_at` text;--> statement-breakpoint
CREATE TABLE `identities` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`issuer` text NOT NULL,
	`subject` text NOT NULL,
	`email` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_issuer_subject` ON `identities` (`issuer`,`subject`);--> statement-breakpoint
CREATE INDEX `identities_user` ON `identities` (`user_id`);--> statement-breakpoint
CREATE TABLE `email_verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`email` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_verifications_token_hash_unique` ON `email_verifications` (`token_hash`);--> statement-breakpoint
CREATE INDEX `email_verifications_user` ON `email_verifications` (`user_id`);--> statement-breakpoint
-- SSO logins kept as credentials (secret = issuer) move to identities; their emails stay
-- unverified, since the old code did not record whether the issuer vouched for them.
INSERT OR IGNORE INTO `identities` (`id`, `user_id`, `issuer`, `subject`, `email`, `created_at`)
	SELECT 'idn_' || substr(c.`id`, 6), c.`user_id`, c.`secret`, c.`subject`, u.`email`, c.`created_at`
	FROM `credentials` c JOIN `users` u ON u.`id` = c.`user_id` WHERE c.`kind` = 'sso';--> statement-breakpoint
DELETE FROM `credentials` WHERE `kind` = 'sso';
