-- project-v1.sql — a Glossator project as version 0.1 (schema version 1) wrote it
--
-- The CREATE statements are migration step 1 of app/core/gls-project.c, verbatim, one per
-- line: SQLite keeps their text, spacing included, so a migrated file can be compared with a
-- new one. The pragmas are what gls_project_create() set. test-migrations.c runs this script
-- with sqlite3_exec() and then lets Glossator open (and migrate) the file.
--
-- Lengths count code points; digests are SHA-1 (hex) of the UTF-8 text. Offsets count
-- code points, so the Cyrillic, the curly quotes and the emoji matter.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

PRAGMA application_id = 1196184403;
PRAGMA journal_mode = WAL;

BEGIN IMMEDIATE;

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents (  id INTEGER PRIMARY KEY,  title TEXT NOT NULL,  text TEXT NOT NULL,  source TEXT,  imported INTEGER NOT NULL,  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 3),  length INTEGER NOT NULL,  digest TEXT NOT NULL);
CREATE INDEX documents_digest ON documents (digest);
CREATE TABLE labels (  id INTEGER PRIMARY KEY,  name TEXT NOT NULL UNIQUE,  color TEXT NOT NULL,  key TEXT,  description TEXT NOT NULL DEFAULT '',  position INTEGER NOT NULL);
CREATE TABLE annotators (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE spans (  id INTEGER PRIMARY KEY,  document INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,  label INTEGER NOT NULL REFERENCES labels (id),  annotator INTEGER NOT NULL REFERENCES annotators (id),  start INTEGER NOT NULL,  end INTEGER NOT NULL,  fragments TEXT NOT NULL DEFAULT '',  created INTEGER NOT NULL,  changed INTEGER NOT NULL,  CHECK (start >= 0 AND end > start));
CREATE UNIQUE INDEX spans_identity ON spans (document, start, end, label, annotator, fragments);
CREATE TABLE relations (  id INTEGER PRIMARY KEY,  type TEXT NOT NULL,  source INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,  target INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,  annotator INTEGER NOT NULL REFERENCES annotators (id),  created INTEGER NOT NULL);
CREATE INDEX relations_source ON relations (source);
CREATE INDEX relations_target ON relations (target);
CREATE TABLE journal (  id INTEGER PRIMARY KEY,  time INTEGER NOT NULL,  annotator TEXT,  op TEXT NOT NULL,  document INTEGER,  changes TEXT NOT NULL,  undoable INTEGER NOT NULL DEFAULT 1,  state INTEGER NOT NULL DEFAULT 0);

INSERT INTO meta (key, value) VALUES
  ('title', 'Summit coverage'),
  ('created', '2024-03-01T09:00:00Z'),
  ('created-by', 'Glossator 0.1.0');

INSERT INTO labels (id, name, color, key, description, position) VALUES
  (1, 'PERSON', '#3584e4', '1', 'People, including fictional ones', 0),
  (2, 'ORG', '#e66100', '2', 'Companies, agencies, institutions, news outlets, legislatures', 1),
  (3, 'GPE', '#26a269', '3', 'Countries, cities, states: places with a government', 2);

INSERT INTO annotators (id, name) VALUES (1, 'anna'), (2, 'boris');

-- 161 code points, 182 bytes
INSERT INTO documents (id, title, text, source, imported, status, length, digest) VALUES
  (1, 'Pompeo meets Putin',
   'US Secretary of State Mike Pompeo met Russian President Vladimir Putin in Sochi on Tuesday. Сергей Лавров called the talks “constructive” 🚀, Zoë Müller reported.',
   'sochi.txt', 1709283600, 2, 161, 'f85ea411f6d0909498774ade86069eda5a68ad94');
-- 119 code points, 119 bytes
INSERT INTO documents (id, title, text, source, imported, status, length, digest) VALUES
  (2, 'Merkel in Paris',
   'Angela Merkel visited Paris, where Emmanuel Macron welcomed her. The French and German governments praised the meeting.',
   'paris.txt', 1709283600, 1, 119, 'd58ade23388c3cacc2101c891fe92af8a13d95ca');

INSERT INTO spans (id, document, label, annotator, start, end, fragments, created, changed) VALUES
  (1, 1, 1, 1, 22, 33, '', 1709283600, 1709283600),    -- Mike Pompeo
  (2, 1, 1, 1, 56, 70, '', 1709283600, 1709283600),    -- Vladimir Putin
  (3, 1, 3, 1, 74, 79, '', 1709283600, 1709283600),    -- Sochi
  (4, 1, 1, 2, 92, 105, '', 1709283600, 1709283700),   -- Сергей Лавров
  (5, 2, 1, 2, 0, 13, '', 1709283600, 1709283600),     -- Angela Merkel
  (6, 2, 3, 2, 22, 27, '', 1709283600, 1709283600),    -- Paris
  (7, 2, 2, 1, 69, 98, '69-75,87-98', 1709287200, 1709287200); -- French … governments

INSERT INTO relations (id, type, source, target, annotator, created) VALUES
  (1, 'met-with', 1, 2, 1, 1709283600);

-- The import (a barrier for undo), then one span added by hand, which undo can revert.
INSERT INTO journal (id, time, annotator, op, document, changes, undoable, state) VALUES
  (1, 1709283600, 'anna', 'import', NULL, '{"documents":2,"first_document":1,"spans":6}', 0, 0),
  (2, 1709287200, 'anna', 'add-span', 2,
   '[{"table":"spans","id":7,"before":null,"after":{"id":7,"document":2,"label":2,"annotator":1,"start":69,"end":98,"fragments":"69-75,87-98","created":1709287200,"changed":1709287200}}]',
   1, 0);

PRAGMA user_version = 1;

COMMIT;
