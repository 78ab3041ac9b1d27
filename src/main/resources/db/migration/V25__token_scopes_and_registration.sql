-- API tokens get scopes (read, write, label; account/ApiScope) and an expiry. Tokens made before keep what
-- they could do (every scope their owner's role allows) and expire 90 days from this migration, so their
-- owners have time to replace them instead of being cut off at once.
alter table api_token add column scopes varchar(32);
alter table api_token add column expires_at timestamp(6) with time zone;
update api_token set scopes = case
    when (select u.role from app_user u where u.id = api_token.user_id) = 'labeler' then 'read,write,label'
    else 'read,write' end;
update api_token set expires_at = current_timestamp + interval '90' day;
alter table api_token alter column scopes set not null;
alter table api_token alter column expires_at set not null;

-- Registration modes (laurel.registration.mode). An invite code is single-use and expires; only its SHA-256 is kept.
create table invite (
    id          bigint primary key,
    code_hash   varchar(64) not null unique,
    prefix      varchar(16) not null,
    note        varchar(200),
    created_by  bigint not null references app_user(id),
    created_at  timestamp(6) with time zone not null,
    expires_at  timestamp(6) with time zone not null,
    used_at     timestamp(6) with time zone,
    used_by     bigint references app_user(id),
    revoked_at  timestamp(6) with time zone
);
create sequence invite_seq start with 1 increment by 50;

-- A registration waiting for an admin (mode approval): not a user, so it cannot log in; approving creates the user.
create table pending_registration (
    id             bigint primary key,
    username       varchar(64) not null unique,
    password_hash  varchar(100) not null,
    requested_at   timestamp(6) with time zone not null
);
create sequence pending_registration_seq start with 1 increment by 50;
