CREATE TABLE `quiz_answers` (
	`attempt_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`position` integer NOT NULL,
	`answer` text NOT NULL,
	`credit` real NOT NULL,
	`correct` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "quiz_answers_credit" CHECK("quiz_answers"."credit" BETWEEN 0 AND 1)
);
--> statement-breakpoint
CREATE INDEX `quiz_answers_question` ON `quiz_answers` (`question_id`);--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`course_version` integer NOT NULL,
	`quiz_id` text NOT NULL,
	`public_id` text NOT NULL,
	`layout` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline_at` integer,
	`submitted_at` integer,
	`score` real,
	`passed` integer,
	`expired` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "quiz_attempts_score" CHECK("quiz_attempts"."score" IS NULL OR "quiz_attempts"."score" BETWEEN 0 AND 100),
	CONSTRAINT "quiz_attempts_submitted" CHECK(("quiz_attempts"."submitted_at" IS NULL) = ("quiz_attempts"."score" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_public_id_unique` ON `quiz_attempts` (`public_id`);--> statement-breakpoint
CREATE INDEX `quiz_attempts_person_quiz` ON `quiz_attempts` (`person_id`,`course_id`,`quiz_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `quiz_attempts_course_submitted` ON `quiz_attempts` (`course_id`,`quiz_id`,`submitted_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_one_open` ON `quiz_attempts` (`person_id`,`course_id`,`quiz_id`) WHERE "quiz_attempts"."submitted_at" IS NULL;