-- Server-side login sessions (account/LoginSessions): the browser's cookie holds a random secret, this table its
-- SHA-256, so logging out, "log out everywhere", a password change or an admin disabling the user ends a session
-- for good, even a copied cookie. Runs unchanged on H2 (embedded default) and PostgreSQL.
create table login_session (
    id            bigint primary key,
    user_id       bigint not null references app_user(id),
    token_hash    varchar(64) not null unique,
    created_at    timestamp(6) with time zone not null,
    last_seen_at  timestamp(6) with time zone not null,
    revoked_at    timestamp(6) with time zone,
    user_agent    varchar(200)
);
create sequence login_session_seq start with 1 increment by 50;
create index login_session_user on login_session (user_id);
create index login_session_created on login_session (created_at);

-- a disabled user can neither log in nor use an API token; an admin turns it on and off
alter table app_user add column disabled boolean default false not null;
