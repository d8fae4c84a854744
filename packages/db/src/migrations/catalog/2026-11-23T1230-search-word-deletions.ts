import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    -- Typo correction by edit distance 1 without scanning the vocabulary: every catalog word of four
    -- characters or more is stored with each of its one-character deletions ("ramette" → "amette",
    -- "rmette", …, "ramett"). A typed word then finds its neighbours by exact lookups: a word it is a
    -- deletion of (a character left out), a word that is one of its deletions (a character too
    -- many), or a word sharing a deletion with it (a character wrong, or two swapped).
    create function catalog.word_deletions(w text) returns setof text
      language sql immutable parallel safe strict
      as $$ select distinct left(w, i - 1) || substr(w, i + 1) from generate_series(1, length(w)) as i $$;

    create table catalog.search_word_deletion (
      deletion text not null,
      word text not null references catalog.search_word (word) on delete cascade,
      primary key (deletion, word)
    );

    create function catalog.record_word_deletions() returns trigger language plpgsql as $$
    begin
      if length(new.word) >= 4 then
        insert into catalog.search_word_deletion (deletion, word)
        select d, new.word from catalog.word_deletions(new.word) as d
        on conflict do nothing;
      end if;
      return null;
    end $$;
    create trigger search_word_deletions after insert on catalog.search_word
      for each row execute function catalog.record_word_deletions();

    insert into catalog.search_word_deletion (deletion, word)
    select d, w.word from catalog.search_word w cross join lateral catalog.word_deletions(w.word) as d
    where length(w.word) >= 4
    on conflict do nothing;
  `)
    .execute(db);
}
