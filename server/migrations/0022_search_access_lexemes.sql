-- Access keys become lexemes of the search vector too ('#' + key; see platform/search/tsearch.ts),
-- so a search narrows to the viewer's documents inside the GIN index.
UPDATE "search_documents" SET "vector" = "vector" || array_to_tsvector(array(SELECT '#' || k FROM unnest("acl") k));
