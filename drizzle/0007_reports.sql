CREATE TABLE `criterion_denominators` (
	`id` integer PRIMARY KEY NOT NULL,
	`criterion_id` text NOT NULL,
	`province_id` integer NOT NULL,
	`commune_id` integer,
	`agency_id` integer,
	`people` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_id` integer,
	FOREIGN KEY (`province_id`) REFERENCES `provinces`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`commune_id`) REFERENCES `communes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`updated_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "criterion_denominators_one_unit" CHECK(("criterion_denominators"."commune_id" IS NULL) <> ("criterion_denominators"."agency_id" IS NULL)),
	CONSTRAINT "criterion_denominators_people" CHECK("criterion_denominators"."people" BETWEEN 0 AND 100000000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criterion_denominators_commune` ON `criterion_denominators` (`criterion_id`,`commune_id`) WHERE "criterion_denominators"."commune_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `criterion_denominators_agency` ON `criterion_denominators` (`criterion_id`,`agency_id`) WHERE "criterion_denominators"."agency_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `report_exports` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`requested_by_id` integer NOT NULL,
	`kind` text NOT NULL,
	`filters` text NOT NULL,
	`file_name` text NOT NULL,
	`status` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`requested_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "report_exports_kind" CHECK("report_exports"."kind" IN ('report-xlsx', 'report-csv', 'report-pdf', 'evidence-zip')),
	CONSTRAINT "report_exports_status" CHECK("report_exports"."status" IN ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_exports_public_id_unique` ON `report_exports` (`public_id`);--> statement-breakpoint
CREATE INDEX `report_exports_requester` ON `report_exports` (`requested_by_id`,`created_at`);