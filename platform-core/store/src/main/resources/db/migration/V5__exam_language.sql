-- Kaowu schema, version 5: the language a candidate sits the exams in (考试语种), one of the region's.
ALTER TABLE candidate ADD COLUMN exam_language VARCHAR(16);
