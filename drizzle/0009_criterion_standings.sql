CREATE TABLE `criterion_met_days` (
	`variant_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`unit_key` text NOT NULL,
	`staff_group` text NOT NULL,
	`day` text NOT NULL,
	`met` integer NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `criterion_variants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criterion_met_days_key` ON `criterion_met_days` (`variant_id`,`province_id`,`unit_key`,`staff_group`,`day`);--> statement-breakpoint
CREATE INDEX `criterion_met_days_day` ON `criterion_met_days` (`variant_id`,`province_id`,`day`);--> statement-breakpoint
CREATE TABLE `criterion_standings` (
	`variant_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`unit_key` text NOT NULL,
	`staff_group` text NOT NULL,
	`person_id` integer NOT NULL,
	`sort_name` text NOT NULL,
	`standing` integer NOT NULL,
	`percent` integer NOT NULL,
	`met_at` integer,
	`met_day` text,
	`late` integer NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `criterion_variants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "criterion_standings_standing" CHECK("criterion_standings"."standing" IN (0, 1, 2)),
	CONSTRAINT "criterion_standings_met" CHECK(("criterion_standings"."standing" = 2) = ("criterion_standings"."met_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criterion_standings_person` ON `criterion_standings` (`variant_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `criterion_standings_unit_name` ON `criterion_standings` (`variant_id`,`unit_key`,`sort_name`,`person_id`);--> statement-breakpoint
CREATE INDEX `criterion_standings_unit_standing` ON `criterion_standings` (`variant_id`,`unit_key`,`standing`,`sort_name`,`person_id`);--> statement-breakpoint
CREATE TABLE `criterion_tallies` (
	`variant_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`unit_key` text NOT NULL,
	`staff_group` text NOT NULL,
	`in_scope` integer NOT NULL,
	`started` integer NOT NULL,
	`met` integer NOT NULL,
	`late` integer NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `criterion_variants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criterion_tallies_key` ON `criterion_tallies` (`variant_id`,`province_id`,`unit_key`,`staff_group`);--> statement-breakpoint
CREATE TABLE `criterion_variants` (
	`id` integer PRIMARY KEY NOT NULL,
	`criterion_id` text NOT NULL,
	`course_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`built_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criterion_variants_key` ON `criterion_variants` (`criterion_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `standing_queue` (
	`person_id` integer PRIMARY KEY NOT NULL
);
