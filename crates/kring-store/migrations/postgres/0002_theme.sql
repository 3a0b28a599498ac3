-- The theme taxonomy (DESIGN.md's default set); an admin adds, renames, reorders and retires
-- themes. Codes never change once used: they are what questions, offers and figures refer to.

create table theme (
    theme_id bigint generated always as identity primary key,
    code text not null constraint theme_code_key unique,
    label_nl text not null,
    label_en text not null,
    icon text not null default 'dot',
    position bigint not null,
    active bigint not null default 1,
    created_at bigint not null,
    updated_at bigint not null,
    constraint theme_label_check check (label_nl <> '' and label_en <> '')
);

insert into theme (code, label_nl, label_en, icon, position, active, created_at, updated_at) values
    ('eenzaamheid', 'Eenzaamheid en sociaal contact', 'Loneliness and social contact', 'people', 1, 1, 0, 0),
    ('bewegen', 'Bewegen', 'Exercise and movement', 'walk', 2, 1, 0, 0),
    ('geldzaken', 'Geldzaken', 'Money matters', 'coins', 3, 1, 0, 0),
    ('opvoeden', 'Opvoeden', 'Parenting', 'family', 4, 1, 0, 0),
    ('taal', 'Taal', 'Language', 'speech', 5, 1, 0, 0),
    ('dagstructuur', 'Dagstructuur en dagbesteding', 'Daily structure and activities', 'calendar', 6, 1, 0, 0),
    ('mantelzorg', 'Mantelzorg', 'Caring for someone', 'heart', 7, 1, 0, 0),
    ('psychisch-welzijn', 'Psychisch welzijn', 'Mental wellbeing', 'sun', 8, 1, 0, 0),
    ('huishouden', 'Wonen en huishouden', 'Home and household', 'home', 9, 1, 0, 0),
    ('werk-en-meedoen', 'Werk en meedoen', 'Work and taking part', 'briefcase', 10, 1, 0, 0),
    ('digitale-vaardigheden', 'Digitale vaardigheden', 'Digital skills', 'laptop', 11, 1, 0, 0),
    ('gezondheid', 'Gezondheid', 'Health', 'plus', 12, 1, 0, 0);
