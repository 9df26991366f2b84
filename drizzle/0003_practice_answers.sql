CREATE TABLE `practice_answers` (
	`person_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`practice_id` text NOT NULL,
	`item_id` text NOT NULL,
	`answer` text NOT NULL,
	`correct` integer,
	`tries` integer DEFAULT 1 NOT NULL,
	`first_answered_at` integer NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`person_id`, `course_id`, `practice_id`, `item_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "practice_answers_answer" CHECK(length("practice_answers"."answer") BETWEEN 1 AND 100),
	CONSTRAINT "practice_answers_tries" CHECK("practice_answers"."tries" >= 1)
);
