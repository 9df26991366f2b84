CREATE TABLE `agencies` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`commune_id` integer,
	`parent_agency_id` integer,
	`disabled_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`parent_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "agencies_level" CHECK("agencies"."level" IN ('province', 'commune')),
	CONSTRAINT "agencies_name" CHECK(length(trim("agencies"."name")) > 0),
	CONSTRAINT "agencies_code" CHECK(length(trim("agencies"."code")) > 0),
	CONSTRAINT "agencies_level_commune" CHECK(("agencies"."level" = 'commune') = ("agencies"."commune_id" IS NOT NULL)),
	CONSTRAINT "agencies_not_own_parent" CHECK("agencies"."parent_agency_id" IS NULL OR "agencies"."parent_agency_id" <> "agencies"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agencies_province_code` ON `agencies` (`province_id`,`code`);--> statement-breakpoint
CREATE INDEX `agencies_commune` ON `agencies` (`commune_id`);--> statement-breakpoint
CREATE INDEX `agencies_parent` ON `agencies` (`parent_agency_id`);--> statement-breakpoint
CREATE TABLE `communes` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "communes_type" CHECK("communes"."type" IN ('xa', 'phuong', 'dac_khu')),
	CONSTRAINT "communes_name" CHECK(length(trim("communes"."name")) > 0),
	CONSTRAINT "communes_code" CHECK("communes"."code" GLOB '[0-9][0-9][0-9][0-9][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `communes_code_unique` ON `communes` (`code`);--> statement-breakpoint
CREATE INDEX `communes_province_name` ON `communes` (`province_id`,`name`);--> statement-breakpoint
CREATE TABLE `province_settings` (
	`province_id` integer PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`issuing_authority` text,
	`signer_name` text,
	`signer_title` text,
	`current_signing_key_id` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `provinces` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "provinces_type" CHECK("provinces"."type" IN ('tinh', 'thanh_pho')),
	CONSTRAINT "provinces_name" CHECK(length(trim("provinces"."name")) > 0),
	CONSTRAINT "provinces_code" CHECK("provinces"."code" GLOB '[0-9][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provinces_code_unique` ON `provinces` (`code`);--> statement-breakpoint
CREATE TABLE `consent_records` (
	`id` integer PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`text_version` text NOT NULL,
	`given_at` integer NOT NULL,
	`recorded_by_id` integer,
	`withdrawn_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `consent_records_person` ON `consent_records` (`person_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` integer PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text NOT NULL,
	`commune_id` integer,
	`agency_id` integer,
	`staff_group` text,
	`position` text,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`recorded_by_id` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "memberships_kind" CHECK("memberships"."kind" IN ('residence', 'agency')),
	CONSTRAINT "memberships_unit" CHECK(("memberships"."kind" = 'residence' AND "memberships"."commune_id" IS NOT NULL AND "memberships"."agency_id" IS NULL) OR ("memberships"."kind" = 'agency' AND "memberships"."agency_id" IS NOT NULL AND "memberships"."commune_id" IS NULL)),
	CONSTRAINT "memberships_period" CHECK("memberships"."ended_at" IS NULL OR "memberships"."ended_at" >= "memberships"."started_at")
);
--> statement-breakpoint
CREATE INDEX `memberships_person` ON `memberships` (`person_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `memberships_commune` ON `memberships` (`commune_id`);--> statement-breakpoint
CREATE INDEX `memberships_agency` ON `memberships` (`agency_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`username` text NOT NULL,
	`phone` text,
	`email` text,
	`full_name` text NOT NULL,
	`search_name` text NOT NULL,
	`birth_year` integer,
	`commune_id` integer,
	`hamlet` text,
	`agency_id` integer,
	`position` text,
	`staff_group` text,
	`password_hash` text,
	`must_change_password` integer DEFAULT false NOT NULL,
	`disabled_at` integer,
	`left_service_at` integer,
	`anonymised_at` integer,
	`merged_into_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`merged_into_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "people_username" CHECK("people"."username" = lower("people"."username") AND length("people"."username") BETWEEN 3 AND 64),
	CONSTRAINT "people_phone" CHECK("people"."phone" IS NULL OR ("people"."phone" GLOB '+84[35789][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' AND length("people"."phone") = 12)),
	CONSTRAINT "people_full_name" CHECK(length(trim("people"."full_name")) > 0),
	CONSTRAINT "people_birth_year" CHECK("people"."birth_year" IS NULL OR "people"."birth_year" BETWEEN 1900 AND 2100),
	CONSTRAINT "people_staff_group" CHECK("people"."staff_group" IS NULL OR "people"."staff_group" IN ('can_bo', 'cong_chuc', 'vien_chuc'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_username_unique` ON `people` (`username`);--> statement-breakpoint
CREATE INDEX `people_commune_name` ON `people` (`commune_id`,`search_name`);--> statement-breakpoint
CREATE INDEX `people_agency_name` ON `people` (`agency_id`,`search_name`);--> statement-breakpoint
CREATE INDEX `people_phone` ON `people` (`phone`);--> statement-breakpoint
CREATE INDEX `people_province_name` ON `people` (`province_id`,`search_name`);--> statement-breakpoint
CREATE TABLE `role_grants` (
	`id` integer PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	`province_id` integer NOT NULL,
	`commune_id` integer,
	`agency_id` integer,
	`granted_by_id` integer,
	`granted_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by_id` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`granted_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`revoked_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "role_grants_role" CHECK("role_grants"."role" IN ('learner', 'civil_servant', 'facilitator', 'unit_manager', 'province_admin', 'system_admin')),
	CONSTRAINT "role_grants_one_unit" CHECK("role_grants"."commune_id" IS NULL OR "role_grants"."agency_id" IS NULL)
);
--> statement-breakpoint
CREATE INDEX `role_grants_person` ON `role_grants` (`person_id`,`revoked_at`);--> statement-breakpoint
CREATE INDEX `role_grants_commune` ON `role_grants` (`commune_id`);--> statement-breakpoint
CREATE INDEX `role_grants_agency` ON `role_grants` (`agency_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`province_id` integer,
	`commune_id` integer,
	`agency_id` integer,
	`details` text,
	`request_id` text,
	FOREIGN KEY (`actor_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "audit_log_action" CHECK(length("audit_log"."action") > 0)
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_province_at` ON `audit_log` (`province_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_at` ON `audit_log` (`action`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_at` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `assignment_courses` (
	`assignment_id` integer NOT NULL,
	`course_id` text NOT NULL,
	PRIMARY KEY(`assignment_id`, `course_id`),
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `assignment_courses_course` ON `assignment_courses` (`course_id`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`title` text NOT NULL,
	`commune_id` integer,
	`agency_id` integer,
	`include_subunits` integer DEFAULT true NOT NULL,
	`audience` text NOT NULL,
	`staff_group` text,
	`starts_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "assignments_audience" CHECK("assignments"."audience" IN ('residents', 'civil_servants', 'all')),
	CONSTRAINT "assignments_one_unit" CHECK("assignments"."commune_id" IS NULL OR "assignments"."agency_id" IS NULL),
	CONSTRAINT "assignments_period" CHECK("assignments"."deadline_at" >= "assignments"."starts_at"),
	CONSTRAINT "assignments_title" CHECK(length(trim("assignments"."title")) > 0)
);
--> statement-breakpoint
CREATE INDEX `assignments_province_deadline` ON `assignments` (`province_id`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `assignments_commune` ON `assignments` (`commune_id`);--> statement-breakpoint
CREATE INDEX `assignments_agency` ON `assignments` (`agency_id`);--> statement-breakpoint
CREATE TABLE `completions` (
	`id` integer PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`course_version` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`score` real,
	`commune_id_at_completion` integer,
	`agency_id_at_completion` integer,
	`staff_group_at_completion` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id_at_completion`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id_at_completion`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "completions_unit_snapshot" CHECK("completions"."commune_id_at_completion" IS NOT NULL OR "completions"."agency_id_at_completion" IS NOT NULL),
	CONSTRAINT "completions_version" CHECK("completions"."course_version" >= 1),
	CONSTRAINT "completions_score" CHECK("completions"."score" IS NULL OR "completions"."score" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `completions_person_course_version` ON `completions` (`person_id`,`course_id`,`course_version`);--> statement-breakpoint
CREATE INDEX `completions_course_commune` ON `completions` (`course_id`,`completed_at`,`commune_id_at_completion`);--> statement-breakpoint
CREATE INDEX `completions_course_agency` ON `completions` (`course_id`,`completed_at`,`agency_id_at_completion`);--> statement-breakpoint
CREATE TABLE `lesson_progress` (
	`person_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`completed_at` integer,
	`commune_id_at_completion` integer,
	`agency_id_at_completion` integer,
	PRIMARY KEY(`person_id`, `course_id`, `lesson_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id_at_completion`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id_at_completion`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `lesson_progress_course_completed` ON `lesson_progress` (`course_id`,`completed_at`);