-- One word for one thing: a puzzle's input/output pairs are its tests.
ALTER TABLE validators RENAME TO tests;
ALTER TRIGGER validators_touch ON tests RENAME TO tests_touch;
