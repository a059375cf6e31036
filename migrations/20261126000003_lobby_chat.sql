-- A room's lobby chat and its game's chat share the game row; tell them apart.
ALTER TABLE chat_messages ADD COLUMN lobby boolean NOT NULL DEFAULT false;
