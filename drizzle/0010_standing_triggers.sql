-- Every write that can change a person's standing on a criterion queues the person; the reports
-- domain recomputes queued people (reports/standings.ts) before it reads the counters, so no write
-- path, present or future, can leave the counters behind.
CREATE TRIGGER `standing_queue_lesson_insert` AFTER INSERT ON `lesson_progress`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_lesson_update` AFTER UPDATE ON `lesson_progress`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`), (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_lesson_delete` AFTER DELETE ON `lesson_progress`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_quiz_insert` AFTER INSERT ON `quiz_attempts`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_quiz_update` AFTER UPDATE OF `person_id`, `course_id`, `started_at` ON `quiz_attempts`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`), (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_quiz_delete` AFTER DELETE ON `quiz_attempts`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_completion_insert` AFTER INSERT ON `completions`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_completion_update` AFTER UPDATE ON `completions`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`), (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_completion_delete` AFTER DELETE ON `completions`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_certificate_update` AFTER UPDATE OF `revoked_at`, `person_id`, `completion_id` ON `certificates`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`), (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_membership_insert` AFTER INSERT ON `memberships`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_membership_update` AFTER UPDATE ON `memberships`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`), (NEW.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_membership_delete` AFTER DELETE ON `memberships`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (OLD.`person_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `standing_queue_person_update` AFTER UPDATE OF `province_id`, `full_name`, `search_name`, `birth_year`, `left_service_at`, `merged_into_id` ON `people`
BEGIN
	INSERT OR IGNORE INTO `standing_queue` (`person_id`) VALUES (NEW.`id`);
END;
