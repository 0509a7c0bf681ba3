--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: __SCHEMA__; Type: SCHEMA; Schema: -; Owner: -
--



SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: attributions; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.attributions (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    line_no integer NOT NULL,
    outbox_id bigint NOT NULL,
    model text NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    created_at bigint NOT NULL,
    reversed_at bigint,
    event_id bigint
);


--
-- Name: attributions_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.attributions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.attributions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: customers; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.customers (
    id bigint NOT NULL,
    email text NOT NULL COLLATE pg_catalog."C",
    name text,
    locale text,
    suppressed_at bigint,
    created_at bigint NOT NULL
);


--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.customers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: events; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.events (
    id bigint NOT NULL,
    kind text NOT NULL,
    outbox_id bigint,
    watch_id bigint,
    link_id bigint,
    at bigint NOT NULL,
    machine boolean DEFAULT false NOT NULL,
    user_agent text,
    ip text,
    reason text,
    visitor text
);


--
-- Name: events_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: feed_polls; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.feed_polls (
    url text NOT NULL,
    etag text,
    last_modified text,
    polled_at bigint NOT NULL,
    changed_at bigint,
    items integer DEFAULT 0 NOT NULL
);


--
-- Name: follow_ups; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.follow_ups (
    id bigint NOT NULL,
    watch_id bigint NOT NULL,
    cycle_id bigint,
    due_at bigint NOT NULL,
    done_at bigint,
    outcome text
);


--
-- Name: follow_ups_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.follow_ups ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.follow_ups_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: inventory_items; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.inventory_items (
    source text NOT NULL COLLATE pg_catalog."C",
    item_id text NOT NULL COLLATE pg_catalog."C",
    variant_id text COLLATE pg_catalog."C",
    updated_at bigint NOT NULL
);


--
-- Name: links; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.links (
    id bigint NOT NULL,
    outbox_id bigint NOT NULL,
    variant_id text,
    url text NOT NULL,
    kind text NOT NULL
);


--
-- Name: links_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.links ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.links_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: order_lines; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.order_lines (
    order_id bigint NOT NULL,
    line_no integer NOT NULL,
    variant_id text NOT NULL,
    quantity integer NOT NULL,
    price_minor bigint NOT NULL
);


--
-- Name: orders; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.orders (
    id bigint NOT NULL,
    source text NOT NULL COLLATE pg_catalog."C",
    external_id text NOT NULL COLLATE pg_catalog."C",
    email text,
    currency text NOT NULL,
    total_minor bigint NOT NULL,
    status text NOT NULL,
    attribution text,
    placed_at bigint NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: outbox; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.outbox (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    kind text NOT NULL,
    dedupe_key text NOT NULL COLLATE pg_catalog."C",
    state text DEFAULT 'queued'::text NOT NULL COLLATE pg_catalog."C",
    attempts integer DEFAULT 0 NOT NULL,
    due_at bigint NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    sent_at bigint,
    last_error text,
    message_id text,
    reply text,
    watch_id bigint,
    variant_id text COLLATE pg_catalog."C",
    cycle_id bigint,
    lease_token bigint DEFAULT 0 NOT NULL,
    deferred_since bigint
);


--
-- Name: outbox_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: outbox_items; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.outbox_items (
    outbox_id bigint NOT NULL,
    watch_id bigint NOT NULL,
    variant_id text NOT NULL COLLATE pg_catalog."C",
    cycle_id bigint,
    kind text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: outbox_item_list; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.outbox_item_list AS
 SELECT outbox_items.outbox_id,
    outbox_items.watch_id,
    outbox_items.variant_id,
    outbox_items.cycle_id,
    outbox_items.kind
   FROM __SCHEMA__.outbox_items
UNION ALL
 SELECT outbox.id AS outbox_id,
    outbox.watch_id,
    outbox.variant_id,
    outbox.cycle_id,
    (outbox.kind COLLATE "C") AS kind
   FROM __SCHEMA__.outbox
  WHERE (outbox.watch_id IS NOT NULL);


--
-- Name: parked_levels; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.parked_levels (
    source text NOT NULL COLLATE pg_catalog."C",
    item_id text NOT NULL COLLATE pg_catalog."C",
    location_id text NOT NULL COLLATE pg_catalog."C",
    available bigint NOT NULL,
    occurred_at bigint NOT NULL,
    parked_at bigint NOT NULL
);


--
-- Name: people_events; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.people_events (
    outbox_id bigint NOT NULL,
    kind text NOT NULL,
    events bigint NOT NULL
);


--
-- Name: platform_lookups; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.platform_lookups (
    id bigint NOT NULL,
    source text NOT NULL,
    kind text NOT NULL,
    product_id text,
    variant_id text,
    order_id text,
    occurred_at bigint NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    due_at bigint NOT NULL,
    last_error text,
    created_at bigint NOT NULL
);


--
-- Name: platform_lookups_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.platform_lookups ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.platform_lookups_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: restock_cycles; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.restock_cycles (
    id bigint NOT NULL,
    variant_id text NOT NULL COLLATE pg_catalog."C",
    opened_at bigint NOT NULL,
    closed_at bigint,
    next_wave_at bigint,
    waves_sent integer DEFAULT 0 NOT NULL,
    unreached integer DEFAULT 0 NOT NULL
);


--
-- Name: restock_cycles_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.restock_cycles ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.restock_cycles_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migrations; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.schema_migrations (
    version integer NOT NULL,
    applied_at bigint NOT NULL
);


--
-- Name: stats_daily; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.stats_daily (
    day integer NOT NULL,
    kind text NOT NULL COLLATE pg_catalog."C",
    language text NOT NULL COLLATE pg_catalog."C",
    metric text NOT NULL COLLATE pg_catalog."C",
    value bigint NOT NULL
);


--
-- Name: stats_pending; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.stats_pending (
    id bigint NOT NULL,
    day integer NOT NULL,
    kind text NOT NULL,
    language text NOT NULL,
    variant_id text NOT NULL,
    metric text NOT NULL,
    delta bigint NOT NULL
);


--
-- Name: stats_pending_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.stats_pending ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.stats_pending_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: stats_variant_daily; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.stats_variant_daily (
    day integer NOT NULL,
    variant_id text NOT NULL COLLATE pg_catalog."C",
    metric text NOT NULL COLLATE pg_catalog."C",
    value bigint NOT NULL
);


--
-- Name: stock; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.stock (
    variant_id text NOT NULL COLLATE pg_catalog."C",
    location_id text NOT NULL COLLATE pg_catalog."C",
    available bigint NOT NULL,
    watermark bigint NOT NULL
);


--
-- Name: variants; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.variants (
    id text NOT NULL COLLATE pg_catalog."C",
    product_title text,
    variant_title text,
    url text,
    image_url text,
    price_minor bigint,
    currency text,
    updated_at bigint NOT NULL,
    removed_at bigint
);


--
-- Name: waiting; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.waiting (
    variant_id text NOT NULL COLLATE pg_catalog."C",
    queue_position bigint NOT NULL,
    watch_id bigint NOT NULL
);


--
-- Name: watches; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.watches (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    variant_id text NOT NULL COLLATE pg_catalog."C",
    location_id text,
    quantity integer DEFAULT 1 NOT NULL,
    locale text,
    state text NOT NULL COLLATE pg_catalog."C",
    queue_position bigint NOT NULL,
    cycle_id bigint,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    notified_at bigint,
    expires_at bigint,
    consent_source text NOT NULL,
    consent_text text,
    consent_ip text,
    consent_at bigint NOT NULL,
    ended boolean DEFAULT false NOT NULL
)
WITH (fillfactor='50');


--
-- Name: watches_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE __SCHEMA__.watches ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME __SCHEMA__.watches_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: webhook_receipts; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.webhook_receipts (
    source text NOT NULL COLLATE pg_catalog."C",
    id text NOT NULL COLLATE pg_catalog."C",
    received_at bigint NOT NULL
);


--
-- Data for Name: attributions; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.attributions (id, order_id, line_no, outbox_id, model, amount_minor, currency, created_at, reversed_at, event_id) OVERRIDING SYSTEM VALUE VALUES (1, 1, 1, 4, 'direct', 1999, 'EUR', 1796690994751516, NULL, NULL);


--
-- Data for Name: customers; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (1, 'ada@example.com', 'Ada', 'en', NULL, 1796690992700979);
INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (3, 'bob@example.com', NULL, NULL, NULL, 1796690992708381);
INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (4, 'cara@example.com', NULL, 'pl', NULL, 1796690992710767);
INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (5, 'dan@example.com', NULL, NULL, NULL, 1796690992712491);
INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (6, 'gus@example.com', NULL, NULL, NULL, 1796690992714313);
INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (7, 'hal@example.com', NULL, NULL, NULL, 1796690992717010);
INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (8, 'eve@example.com', NULL, NULL, NULL, 1796690992719206);
INSERT INTO __SCHEMA__.customers (id, email, name, locale, suppressed_at, created_at) OVERRIDING SYSTEM VALUE VALUES (9, 'fay@example.com', NULL, NULL, NULL, 1796690992722969);


--
-- Data for Name: events; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.events (id, kind, outbox_id, watch_id, link_id, at, machine, user_agent, ip, reason, visitor) OVERRIDING SYSTEM VALUE VALUES (1, 'open', 4, 3, NULL, 1796690993212973, false, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0', '127.0.0.1', NULL, '8742b9b0151af91f9781134f87dcf408');
INSERT INTO __SCHEMA__.events (id, kind, outbox_id, watch_id, link_id, at, machine, user_agent, ip, reason, visitor) OVERRIDING SYSTEM VALUE VALUES (2, 'click', 4, 3, 3, 1796690994722159, false, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0', '127.0.0.1', NULL, '8742b9b0151af91f9781134f87dcf408');
INSERT INTO __SCHEMA__.events (id, kind, outbox_id, watch_id, link_id, at, machine, user_agent, ip, reason, visitor) OVERRIDING SYSTEM VALUE VALUES (3, 'open', 5, 4, NULL, 1796690994742755, true, 'Barracuda Sentinel (EE)', '127.0.0.1', 'known-agent', '64e9c00a6a557ff551f4c8c9c3a9392c');


--
-- Data for Name: feed_polls; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.feed_polls (url, etag, last_modified, polled_at, changed_at, items) VALUES ('http://127.0.0.1:33199/feed.tsv', NULL, NULL, 1796690995149101, 1796690995149101, 1);


--
-- Data for Name: follow_ups; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.follow_ups (id, watch_id, cycle_id, due_at, done_at, outcome) OVERRIDING SYSTEM VALUE VALUES (1, 1, 1, 1797122992982068, NULL, NULL);
INSERT INTO __SCHEMA__.follow_ups (id, watch_id, cycle_id, due_at, done_at, outcome) OVERRIDING SYSTEM VALUE VALUES (2, 2, 2, 1797122992982068, NULL, NULL);
INSERT INTO __SCHEMA__.follow_ups (id, watch_id, cycle_id, due_at, done_at, outcome) OVERRIDING SYSTEM VALUE VALUES (3, 4, 1, 1797122992981941, NULL, NULL);
INSERT INTO __SCHEMA__.follow_ups (id, watch_id, cycle_id, due_at, done_at, outcome) OVERRIDING SYSTEM VALUE VALUES (4, 6, 2, 1797122992984377, NULL, NULL);
INSERT INTO __SCHEMA__.follow_ups (id, watch_id, cycle_id, due_at, done_at, outcome) OVERRIDING SYSTEM VALUE VALUES (5, 3, 1, 1797122992985882, NULL, NULL);


--
-- Data for Name: inventory_items; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Data for Name: links; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.links (id, outbox_id, variant_id, url, kind) OVERRIDING SYSTEM VALUE VALUES (1, 3, 'v1', 'https://shop.example/socks', 'product');
INSERT INTO __SCHEMA__.links (id, outbox_id, variant_id, url, kind) OVERRIDING SYSTEM VALUE VALUES (2, 3, 'v2', 'https://shop.example/shirt', 'product');
INSERT INTO __SCHEMA__.links (id, outbox_id, variant_id, url, kind) OVERRIDING SYSTEM VALUE VALUES (3, 4, 'v1', 'https://shop.example/socks', 'product');
INSERT INTO __SCHEMA__.links (id, outbox_id, variant_id, url, kind) OVERRIDING SYSTEM VALUE VALUES (4, 5, 'v1', 'https://shop.example/socks', 'product');
INSERT INTO __SCHEMA__.links (id, outbox_id, variant_id, url, kind) OVERRIDING SYSTEM VALUE VALUES (5, 6, 'v2', 'https://shop.example/shirt', 'product');
INSERT INTO __SCHEMA__.links (id, outbox_id, variant_id, url, kind) OVERRIDING SYSTEM VALUE VALUES (6, 7, 'v1', 'https://shop.example/socks', 'product');
INSERT INTO __SCHEMA__.links (id, outbox_id, variant_id, url, kind) OVERRIDING SYSTEM VALUE VALUES (7, 8, 'v1', 'https://shop.example/socks', 'product');


--
-- Data for Name: order_lines; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.order_lines (order_id, line_no, variant_id, quantity, price_minor) VALUES (1, 1, 'v1', 1, 1999);


--
-- Data for Name: orders; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.orders (id, source, external_id, email, currency, total_minor, status, attribution, placed_at, updated_at) OVERRIDING SYSTEM VALUE VALUES (1, 'generic', '1001', 'bob@example.com', 'EUR', 1999, 'paid', 'BgAAAAAAAAADAdDxMtAXdbIp4K9FOoQIhr6XZcI', 1796690994000000, 1796690994751516);


--
-- Data for Name: outbox; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (1, 8, 'confirm', 'confirm:w8:c-', 'sent', 1, 1796691292722091, 1796690992719206, 1796690992732032, 1796690992732032, NULL, 'restock.1@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.1@localhost.eml', 8, 'v1', NULL, 1, NULL);
INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (2, 9, 'confirm', 'confirm:w9:c-', 'sent', 1, 1796691292741192, 1796690992722969, 1796690992746715, 1796690992746715, NULL, 'restock.2@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.2@localhost.eml', 9, 'v3', NULL, 1, NULL);
INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (5, 4, 'back_in_stock', 'back_in_stock:w4:c1', 'sent', 1, 1796691292972360, 1796690992958204, 1796690992981941, 1796690992981941, NULL, 'restock.5@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.5@localhost.eml', 4, 'v1', 1, 1, NULL);
INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (3, 1, 'back_in_stock', 'back_in_stock:u1:c1,2', 'sent', 1, 1796691292972360, 1796690992958204, 1796690992982068, 1796690992982068, NULL, 'restock.3@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.3@localhost.eml', NULL, NULL, NULL, 1, NULL);
INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (6, 6, 'back_in_stock', 'back_in_stock:w6:c2', 'sent', 1, 1796691292972360, 1796690992958204, 1796690992984377, 1796690992984377, NULL, 'restock.6@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.6@localhost.eml', 6, 'v2', 2, 1, NULL);
INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (4, 3, 'back_in_stock', 'back_in_stock:w3:c1', 'sent', 1, 1796691292972360, 1796690992958204, 1796690992985882, 1796690992985882, NULL, 'restock.4@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.4@localhost.eml', 3, 'v1', 1, 1, NULL);
INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (7, 1, 'sold_out_again', 'sold_out_again:w1:c1', 'sent', 1, 1796691294786189, 1796690994783270, 1796690994791690, 1796690994791690, NULL, 'restock.7@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.7@localhost.eml', 1, 'v1', 1, 1, NULL);
INSERT INTO __SCHEMA__.outbox (id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, updated_at, sent_at, last_error, message_id, reply, watch_id, variant_id, cycle_id, lease_token, deferred_since) OVERRIDING SYSTEM VALUE VALUES (8, 4, 'sold_out_again', 'sold_out_again:w4:c1', 'sent', 1, 1796691294786189, 1796690994783270, 1796690994791894, 1796690994791894, NULL, 'restock.8@localhost', '250 written to /tmp/restock-fixtures-491v91ej/pg/mail/restock.8@localhost.eml', 4, 'v1', 1, 1, NULL);


--
-- Data for Name: outbox_items; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.outbox_items (outbox_id, watch_id, variant_id, cycle_id, kind) VALUES (3, 1, 'v1', 1, 'back_in_stock');
INSERT INTO __SCHEMA__.outbox_items (outbox_id, watch_id, variant_id, cycle_id, kind) VALUES (3, 2, 'v2', 2, 'back_in_stock');


--
-- Data for Name: parked_levels; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Data for Name: people_events; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.people_events (outbox_id, kind, events) VALUES (4, 'open', 1);
INSERT INTO __SCHEMA__.people_events (outbox_id, kind, events) VALUES (4, 'click', 1);


--
-- Data for Name: platform_lookups; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Data for Name: restock_cycles; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.restock_cycles (id, variant_id, opened_at, closed_at, next_wave_at, waves_sent, unreached) OVERRIDING SYSTEM VALUE VALUES (2, 'v2', 1796690992958204, NULL, NULL, 1, 0);
INSERT INTO __SCHEMA__.restock_cycles (id, variant_id, opened_at, closed_at, next_wave_at, waves_sent, unreached) OVERRIDING SYSTEM VALUE VALUES (1, 'v1', 1796690992958204, 1796690994783270, NULL, 1, 0);


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (1, 1796690992438848);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (2, 1796690992441955);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (3, 1796690992448803);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (4, 1796690992466027);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (5, 1796690992481880);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (6, 1796690992488416);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (7, 1796690992496340);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (8, 1796690992501512);
INSERT INTO __SCHEMA__.schema_migrations (version, applied_at) VALUES (9, 1796690992510704);


--
-- Data for Name: stats_daily; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, '', 'default', 'watches_created', 6);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, '', 'en', 'watches_created', 2);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, '', 'pl', 'watches_created', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'default', 'delivered', 2);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'default', 'human_opens', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'default', 'latency:37', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'default', 'latency:38', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'default', 'sent', 2);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'en', 'delivered', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'en', 'latency:36', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'en', 'sent', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'pl', 'delivered', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'pl', 'latency:36', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'back_in_stock', 'pl', 'sent', 1);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'confirm', 'default', 'delivered', 2);
INSERT INTO __SCHEMA__.stats_daily (day, kind, language, metric, value) VALUES (20795, 'confirm', 'default', 'sent', 2);


--
-- Data for Name: stats_pending; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (27, 20795, 'back_in_stock', 'default', 'v1', 'human_clicks', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (28, 20795, 'back_in_stock', 'pl', 'v1', 'machine_opens', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (29, 20795, 'back_in_stock', 'default', 'v1', 'revenue:direct:EUR', 1999);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (30, 20795, 'back_in_stock', 'default', 'v1', 'conversions', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (31, 20795, '', 'default', 'v2', 'unsubscribes', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (32, 20795, 'sold_out_again', 'en', 'v1', 'sent', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (33, 20795, 'sold_out_again', 'en', 'v1', 'delivered', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (34, 20795, 'sold_out_again', 'pl', 'v1', 'sent', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (35, 20795, 'sold_out_again', 'pl', 'v1', 'delivered', 1);
INSERT INTO __SCHEMA__.stats_pending (id, day, kind, language, variant_id, metric, delta) OVERRIDING SYSTEM VALUE VALUES (36, 20795, '', 'pl', 'v1', 'resubscribes', 1);


--
-- Data for Name: stats_variant_daily; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v1', 'delivered', 4);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v1', 'human_opens', 1);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v1', 'latency:36', 2);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v1', 'latency:38', 1);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v1', 'sent', 4);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v1', 'watches_created', 4);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v2', 'delivered', 1);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v2', 'latency:37', 1);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v2', 'sent', 1);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v2', 'watches_created', 2);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v3', 'delivered', 1);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v3', 'sent', 1);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v3', 'watches_created', 2);
INSERT INTO __SCHEMA__.stats_variant_daily (day, variant_id, metric, value) VALUES (20795, 'v4', 'watches_created', 1);


--
-- Data for Name: stock; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.stock (variant_id, location_id, available, watermark) VALUES ('v2', '', 3, 1796690992000000);
INSERT INTO __SCHEMA__.stock (variant_id, location_id, available, watermark) VALUES ('v1', '', 0, 1796690994000000);


--
-- Data for Name: variants; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.variants (id, product_title, variant_title, url, image_url, price_minor, currency, updated_at, removed_at) VALUES ('v1', 'Wool socks', 'M / grey', 'https://shop.example/socks', NULL, 1999, 'EUR', 1796690992958204, 1796690995149101);
INSERT INTO __SCHEMA__.variants (id, product_title, variant_title, url, image_url, price_minor, currency, updated_at, removed_at) VALUES ('v2', 'Linen shirt', NULL, 'https://shop.example/shirt', NULL, 4900, 'EUR', 1796690992958204, 1796690995149101);
INSERT INTO __SCHEMA__.variants (id, product_title, variant_title, url, image_url, price_minor, currency, updated_at, removed_at) VALUES ('v4', NULL, NULL, NULL, NULL, NULL, NULL, 1796690995149101, 1796690995149101);
INSERT INTO __SCHEMA__.variants (id, product_title, variant_title, url, image_url, price_minor, currency, updated_at, removed_at) VALUES ('v3', 'Wool hat', NULL, NULL, NULL, 1200, 'EUR', 1796690995153441, NULL);


--
-- Data for Name: waiting; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.waiting (variant_id, queue_position, watch_id) VALUES ('v3', 5, 5);
INSERT INTO __SCHEMA__.waiting (variant_id, queue_position, watch_id) VALUES ('v4', 7, 7);
INSERT INTO __SCHEMA__.waiting (variant_id, queue_position, watch_id) VALUES ('v3', 9, 9);
INSERT INTO __SCHEMA__.waiting (variant_id, queue_position, watch_id) VALUES ('v1', 4, 4);


--
-- Data for Name: watches; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (5, 5, 'v3', NULL, 1, NULL, 'watching', 5, NULL, 1796690992712491, 1796690992712491, NULL, 1812242992712491, 'backend', NULL, '127.0.0.1', 1796690992712489, false);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (7, 7, 'v4', NULL, 1, NULL, 'watching', 7, NULL, 1796690992717010, 1796690992717010, NULL, 1812242992717010, 'backend', NULL, '127.0.0.1', 1796690992717008, false);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (8, 8, 'v1', NULL, 1, NULL, 'pending', 8, NULL, 1796690992719206, 1796690992719206, NULL, 1812242992719206, 'storefront', NULL, '127.0.0.1', 1796690992719201, false);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (9, 9, 'v3', NULL, 1, NULL, 'watching', 9, NULL, 1796690992722969, 1796690992952788, NULL, 1812242992722969, 'storefront', NULL, '127.0.0.1', 1796690992722966, false);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (2, 1, 'v2', NULL, 1, 'en', 'notified', 2, 2, 1796690992706083, 1796690992958204, 1796690992958204, 1812242992706083, 'backend', NULL, '127.0.0.1', 1796690992706082, false);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (3, 3, 'v1', NULL, 1, NULL, 'converted', 3, 1, 1796690992708381, 1796690994751516, 1796690992958204, 1812242992708381, 'backend', NULL, '127.0.0.1', 1796690992708380, true);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (6, 6, 'v2', NULL, 1, NULL, 'unsubscribed', 6, 2, 1796690992714313, 1796690994779818, 1796690992958204, 1812242992714313, 'backend', NULL, '127.0.0.1', 1796690992714311, true);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (1, 1, 'v1', NULL, 1, 'en', 'sold_out_again', 1, 1, 1796690992700979, 1796690994783270, 1796690992958204, 1812242992700979, 'backend', NULL, '127.0.0.1', 1796690992700972, false);
INSERT INTO __SCHEMA__.watches (id, customer_id, variant_id, location_id, quantity, locale, state, queue_position, cycle_id, created_at, updated_at, notified_at, expires_at, consent_source, consent_text, consent_ip, consent_at, ended) OVERRIDING SYSTEM VALUE VALUES (4, 4, 'v1', NULL, 1, 'pl', 'watching', 4, 1, 1796690992710767, 1796690995008975, 1796690992958204, 1812242992710767, 'backend', NULL, '127.0.0.1', 1796690992710765, false);


--
-- Data for Name: webhook_receipts; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.webhook_receipts (source, id, received_at) VALUES ('generic', 'msg_32c8108cfe2a43a19f5a4a082943a95e', 1796690992958204);
INSERT INTO __SCHEMA__.webhook_receipts (source, id, received_at) VALUES ('generic', 'msg_9069ca0f3cb4400fbe62f9753f0f4058', 1796690994751516);
INSERT INTO __SCHEMA__.webhook_receipts (source, id, received_at) VALUES ('generic', 'msg_0abd366cc69141f4b4338a35301740d6', 1796690994783270);


--
-- Name: attributions_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.attributions_id_seq', 1, true);


--
-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.customers_id_seq', 9, true);


--
-- Name: events_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.events_id_seq', 3, true);


--
-- Name: follow_ups_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.follow_ups_id_seq', 5, true);


--
-- Name: links_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.links_id_seq', 7, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.orders_id_seq', 1, true);


--
-- Name: outbox_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.outbox_id_seq', 8, true);


--
-- Name: platform_lookups_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.platform_lookups_id_seq', 1, false);


--
-- Name: restock_cycles_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.restock_cycles_id_seq', 2, true);


--
-- Name: stats_pending_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.stats_pending_id_seq', 36, true);


--
-- Name: watches_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.watches_id_seq', 9, true);


--
-- Name: attributions attributions_order_id_line_no_key; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.attributions
    ADD CONSTRAINT attributions_order_id_line_no_key UNIQUE (order_id, line_no);


--
-- Name: attributions attributions_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.attributions
    ADD CONSTRAINT attributions_pkey PRIMARY KEY (id);


--
-- Name: customers customers_email_key; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: feed_polls feed_polls_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.feed_polls
    ADD CONSTRAINT feed_polls_pkey PRIMARY KEY (url);


--
-- Name: follow_ups follow_ups_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.follow_ups
    ADD CONSTRAINT follow_ups_pkey PRIMARY KEY (id);


--
-- Name: follow_ups follow_ups_watch_id_cycle_id_key; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.follow_ups
    ADD CONSTRAINT follow_ups_watch_id_cycle_id_key UNIQUE (watch_id, cycle_id);


--
-- Name: inventory_items inventory_items_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.inventory_items
    ADD CONSTRAINT inventory_items_pkey PRIMARY KEY (source, item_id);


--
-- Name: links links_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.links
    ADD CONSTRAINT links_pkey PRIMARY KEY (id);


--
-- Name: order_lines order_lines_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.order_lines
    ADD CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: orders orders_source_external_id_key; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.orders
    ADD CONSTRAINT orders_source_external_id_key UNIQUE (source, external_id);


--
-- Name: outbox outbox_dedupe_key_key; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_dedupe_key_key UNIQUE (dedupe_key);


--
-- Name: outbox_items outbox_items_watch_id_cycle_id_kind_key; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.outbox_items
    ADD CONSTRAINT outbox_items_watch_id_cycle_id_kind_key UNIQUE (watch_id, cycle_id, kind);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);


--
-- Name: parked_levels parked_levels_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.parked_levels
    ADD CONSTRAINT parked_levels_pkey PRIMARY KEY (source, item_id, location_id);


--
-- Name: people_events people_events_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.people_events
    ADD CONSTRAINT people_events_pkey PRIMARY KEY (outbox_id, kind);


--
-- Name: platform_lookups platform_lookups_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.platform_lookups
    ADD CONSTRAINT platform_lookups_pkey PRIMARY KEY (id);


--
-- Name: restock_cycles restock_cycles_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.restock_cycles
    ADD CONSTRAINT restock_cycles_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: stats_daily stats_daily_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.stats_daily
    ADD CONSTRAINT stats_daily_pkey PRIMARY KEY (day, kind, language, metric);


--
-- Name: stats_pending stats_pending_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.stats_pending
    ADD CONSTRAINT stats_pending_pkey PRIMARY KEY (id);


--
-- Name: stats_variant_daily stats_variant_daily_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.stats_variant_daily
    ADD CONSTRAINT stats_variant_daily_pkey PRIMARY KEY (day, variant_id, metric);


--
-- Name: stock stock_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.stock
    ADD CONSTRAINT stock_pkey PRIMARY KEY (variant_id, location_id);


--
-- Name: variants variants_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.variants
    ADD CONSTRAINT variants_pkey PRIMARY KEY (id);


--
-- Name: waiting waiting_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.waiting
    ADD CONSTRAINT waiting_pkey PRIMARY KEY (variant_id, queue_position, watch_id);


--
-- Name: watches watches_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.watches
    ADD CONSTRAINT watches_pkey PRIMARY KEY (id);


--
-- Name: webhook_receipts webhook_receipts_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.webhook_receipts
    ADD CONSTRAINT webhook_receipts_pkey PRIMARY KEY (source, id);


--
-- Name: events_at; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX events_at ON __SCHEMA__.events USING btree (at);


--
-- Name: events_link_machine; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX events_link_machine ON __SCHEMA__.events USING btree (link_id, machine, at) WHERE (kind = 'click'::text);


--
-- Name: events_link_visitor; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX events_link_visitor ON __SCHEMA__.events USING btree (link_id, visitor, at) WHERE (kind = 'click'::text);


--
-- Name: events_open_once; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE UNIQUE INDEX events_open_once ON __SCHEMA__.events USING btree (outbox_id, visitor) WHERE (kind = 'open'::text);


--
-- Name: events_outbox; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX events_outbox ON __SCHEMA__.events USING btree (outbox_id);


--
-- Name: follow_ups_due; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX follow_ups_due ON __SCHEMA__.follow_ups USING btree (due_at) WHERE (done_at IS NULL);


--
-- Name: links_outbox_kind_variant; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE UNIQUE INDEX links_outbox_kind_variant ON __SCHEMA__.links USING btree (outbox_id, kind, variant_id);


--
-- Name: orders_email; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX orders_email ON __SCHEMA__.orders USING btree (email, placed_at);


--
-- Name: outbox_claimable; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX outbox_claimable ON __SCHEMA__.outbox USING btree (due_at, id) WHERE (state = ANY (ARRAY['queued'::text, 'sending'::text]));


--
-- Name: outbox_items_outbox; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX outbox_items_outbox ON __SCHEMA__.outbox_items USING btree (outbox_id);


--
-- Name: outbox_settled_state_id; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX outbox_settled_state_id ON __SCHEMA__.outbox USING btree (state, id) WHERE (state <> ALL (ARRAY['queued'::text, 'sending'::text]));


--
-- Name: outbox_watch; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX outbox_watch ON __SCHEMA__.outbox USING btree (watch_id) WHERE (watch_id IS NOT NULL);


--
-- Name: platform_lookups_due; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX platform_lookups_due ON __SCHEMA__.platform_lookups USING btree (due_at, id);


--
-- Name: restock_cycles_next_wave; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX restock_cycles_next_wave ON __SCHEMA__.restock_cycles USING btree (next_wave_at) WHERE (closed_at IS NULL);


--
-- Name: restock_cycles_open_variant; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE UNIQUE INDEX restock_cycles_open_variant ON __SCHEMA__.restock_cycles USING btree (variant_id) WHERE (closed_at IS NULL);


--
-- Name: watches_live_customer_variant; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE UNIQUE INDEX watches_live_customer_variant ON __SCHEMA__.watches USING btree (customer_id, variant_id) WHERE (NOT ended);


--
-- Name: watches_live_variant_position; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX watches_live_variant_position ON __SCHEMA__.watches USING btree (variant_id, queue_position) WHERE (NOT ended);


--
-- Name: order_lines order_lines_order_id_fkey; Type: FK CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.order_lines
    ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES __SCHEMA__.orders(id) ON DELETE CASCADE;


--
-- Name: watches watches_customer_id_fkey; Type: FK CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.watches
    ADD CONSTRAINT watches_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES __SCHEMA__.customers(id);


--
-- PostgreSQL database dump complete
--


