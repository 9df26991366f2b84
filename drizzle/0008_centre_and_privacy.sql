CREATE TABLE `class_attendance` (
	`session_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`marked_at` integer NOT NULL,
	`marked_by_id` integer NOT NULL,
	PRIMARY KEY(`session_id`, `person_id`),
	FOREIGN KEY (`session_id`) REFERENCES `class_sessions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`marked_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `class_attendance_person` ON `class_attendance` (`person_id`);--> statement-breakpoint
CREATE TABLE `class_sessions` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`commune_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`place` text NOT NULL,
	`starts_at` integer NOT NULL,
	`created_by_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "class_sessions_place" CHECK(length(trim("class_sessions"."place")) BETWEEN 1 AND 200)
);
--> statement-breakpoint
CREATE INDEX `class_sessions_commune_starts` ON `class_sessions` (`commune_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `deletion_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`reason` text,
	`requested_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_at` integer,
	`decided_by_id` integer,
	`decision_note` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`decided_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "deletion_requests_status" CHECK("deletion_requests"."status" IN ('pending', 'done', 'refused')),
	CONSTRAINT "deletion_requests_decided" CHECK(("deletion_requests"."status" = 'pending') = ("deletion_requests"."decided_at" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `deletion_requests_province_status` ON `deletion_requests` (`province_id`,`status`,`requested_at`);--> statement-breakpoint
CREATE INDEX `deletion_requests_person` ON `deletion_requests` (`person_id`);