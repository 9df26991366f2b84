CREATE TABLE `attempt_counts` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	`window_ends_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `attempt_counts_window` ON `attempt_counts` (`window_ends_at`);