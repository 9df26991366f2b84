CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`completion_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`course_version` integer NOT NULL,
	`course_title_vi` text NOT NULL,
	`course_title_en` text NOT NULL,
	`holder_name` text NOT NULL,
	`completed_at` integer NOT NULL,
	`score` real,
	`issuer_name` text NOT NULL,
	`issuing_authority` text,
	`signer_name` text,
	`signer_title` text,
	`commune_id_at_completion` integer,
	`agency_id_at_completion` integer,
	`issued_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_reason` text,
	`revoked_by_id` integer,
	FOREIGN KEY (`completion_id`) REFERENCES `completions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id_at_completion`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id_at_completion`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`revoked_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "certificates_code" CHECK(length("certificates"."code") = 10 AND "certificates"."code" = upper("certificates"."code")),
	CONSTRAINT "certificates_revocation" CHECK(("certificates"."revoked_at" IS NULL) = ("certificates"."revoked_reason" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_completion_id_unique` ON `certificates` (`completion_id`);--> statement-breakpoint
CREATE INDEX `certificates_person` ON `certificates` (`person_id`,`issued_at`);--> statement-breakpoint
CREATE INDEX `certificates_commune` ON `certificates` (`commune_id_at_completion`,`completed_at`);--> statement-breakpoint
CREATE INDEX `certificates_agency` ON `certificates` (`agency_id_at_completion`,`completed_at`);