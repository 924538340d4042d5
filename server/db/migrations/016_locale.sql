-- The language a person reads Portico in (web pages, server messages, emails). NULL = not chosen yet (English).
alter table app_user add column locale text check (locale in ('en', 'es'));
