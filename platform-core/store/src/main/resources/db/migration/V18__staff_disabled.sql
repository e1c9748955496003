-- Kaowu schema, version 18: a staff account can be disabled (it then cannot log in; its sessions end).
ALTER TABLE staff ADD COLUMN disabled_at TIMESTAMP;
