-- Whether a person said this is their first time at the forum (1 yes, 0
-- no, NULL not asked): counted among the inclusion figures.
ALTER TABLE people ADD COLUMN first_time INTEGER;
