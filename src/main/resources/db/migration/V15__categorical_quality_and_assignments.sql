-- Quality for categorical campaigns: answers are labels (a multi-label answer lists several, so up
-- to 9 labels of 60 characters and their commas), and gold items may have no replies.
alter table quality_label alter column answer set data type varchar(600);
alter table task_consensus alter column answer set data type varchar(600);
-- the majority vote: every answer tied for the most votes, one per line
alter table task_consensus add column majority varchar(6000);
alter table gold_item alter column answer set data type varchar(600);
alter table gold_item alter column first_reply drop not null;
alter table gold_item alter column second_reply drop not null;
alter table gold_task alter column expected set data type varchar(600);
alter table gold_task alter column left_text drop not null;
alter table gold_task alter column right_text drop not null;

-- Manual assignment: which labelers may answer a campaign's item (prompt). A campaign with any rows
-- here serves each item's tasks only to the labelers assigned to it.
create table manual_assignment (
    id           bigint primary key,
    campaign_id  bigint not null references campaign(id),
    prompt_id    bigint not null references prompt(id),
    labeler_id   bigint not null references app_user(id),
    created_at   timestamp(6) with time zone not null,
    constraint manual_assignment_once unique (campaign_id, prompt_id, labeler_id)
);
create sequence manual_assignment_seq start with 1 increment by 50;
create index manual_assignment_labeler on manual_assignment(labeler_id, campaign_id);

-- Opaque task ids: labelers see and send a random public id, so the order in which tasks were made
-- (gold tasks and honeypots are made last) cannot be read from the ids.
alter table task add column public_id bigint;
update task set public_id = id;
alter table task alter column public_id set not null;
create unique index task_public_id on task(public_id);
