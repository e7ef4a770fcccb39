-- Usernames are unique across all tenants (a login names no tenant), but row-level security shows a
-- tenant's transaction only its own people. This function, owned by the schema owner and so past the
-- wall, answers "is this username taken?" and nothing more, so that a tenant admin creating a person
-- gets a 409 instead of a unique-constraint failure, without seeing anyone else's users.
create function username_taken(wanted text) returns boolean
    language sql stable security definer set search_path = public
as $$ select exists (select 1 from app_user where username = wanted) $$;
