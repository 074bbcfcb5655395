-- The council's own words, for the record search's "Did you mean …": each
-- distinct word (lower case, letters only, four letters or more) of every
-- final record's headline and text, as it was written (the full-text
-- indexes hold stems, which are not words to offer anyone). A word is kept
-- once, whoever's record it came from: it is only ever offered to a reader
-- after a search for it has found records that reader may see.
-- len lets a lookup read only the words of about the right length.

-- +goose Up
CREATE TABLE search_words (
    word TEXT PRIMARY KEY,
    len  INTEGER NOT NULL
);
CREATE INDEX search_words_len ON search_words (len, word);

-- +goose Down
DROP TABLE search_words;
