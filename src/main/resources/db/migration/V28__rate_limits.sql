-- Request budgets shared by every process (platform/RateLimits): hits per (bucket, subject) in a fixed window.
-- Rows of windows that ended are deleted by the process that holds the cluster lock for it.
create table rate_limit_window (
    bucket        varchar(32)  not null,
    subject       varchar(128) not null,
    window_start  timestamp(6) with time zone not null,
    hits          bigint       not null,
    primary key (bucket, subject, window_start)
);
create index rate_limit_window_start on rate_limit_window (window_start);
