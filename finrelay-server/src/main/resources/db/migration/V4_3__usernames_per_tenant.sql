-- Usernames were unique across the installation, so a tenant's admin creating "c.vogel" learned that
-- some other tenant (of any partner) had a "c.vogel". A username is now unique within its tenant, and
-- a partner's own people (no tenant) within their partner; a login names the tenant (its slug) or the
-- partner it belongs to. The function that answered "taken anywhere?" past the tenant wall goes.
alter table app_user drop constraint app_user_username_key;
create unique index app_user_tenant_username on app_user (tenant_id, username) where tenant_id is not null;
create unique index app_user_partner_username on app_user (partner_id, username) where tenant_id is null;
drop function username_taken(text);
