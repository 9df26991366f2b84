CREATE TABLE `certificate_exports` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`requested_by_id` integer NOT NULL,
	`filters` text NOT NULL,
	`status` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`requested_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "certificate_exports_status" CHECK("certificate_exports"."status" IN ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificate_exports_public_id_unique` ON `certificate_exports` (`public_id`);--> statement-breakpoint
CREATE INDEX `certificate_exports_requester` ON `certificate_exports` (`requested_by_id`,`created_at`);