-- People are never hard-deleted: a deletion request anonymises the row so counts and certificates keep their meaning.
CREATE TRIGGER `people_never_deleted` BEFORE DELETE ON `people`
BEGIN
	SELECT RAISE(ABORT, 'people are never deleted; anonymise the person instead');
END;
