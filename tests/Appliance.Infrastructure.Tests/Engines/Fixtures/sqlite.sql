-- Fixture schema for SQLite ingestion tests (SQLite has one schema, "main", no comments, enums, domains or sequences).

CREATE TABLE customer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL COLLATE NOCASE,
    name VARCHAR(100) NOT NULL,
    country CHAR(2) NOT NULL DEFAULT 'DE',
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    referred_by INTEGER REFERENCES customer (id) ON DELETE SET NULL,
    balance DECIMAL(12, 2) NOT NULL DEFAULT 0 CONSTRAINT customer_balance_ck CHECK (balance >= 0),
    name_upper TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL,
    email_domain TEXT AS (substr(email, instr(email, '@') + 1)) STORED,
    CONSTRAINT customer_email_uq UNIQUE (email)
);
CREATE INDEX customer_lower_name_idx ON customer (lower(name));
CREATE INDEX customer_country_created_idx ON customer (country, created_at DESC);
CREATE INDEX customer_referred_idx ON customer (referred_by) WHERE referred_by IS NOT NULL;

CREATE TABLE "order" (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    "select" TEXT, -- a column named like a keyword
    total NUMERIC(10,2),
    CONSTRAINT order_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE ON UPDATE CASCADE
);

/* The key's column order differs from the table's column order. */
CREATE TABLE order_line (
    line_no INTEGER NOT NULL,
    order_id INTEGER NOT NULL REFERENCES "order" ON DELETE CASCADE,
    product_code TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    CONSTRAINT order_line_pk PRIMARY KEY (order_id, line_no),
    CONSTRAINT order_line_product_uq UNIQUE (order_id, product_code)
) WITHOUT ROWID;

CREATE TABLE shipment (
    id INTEGER PRIMARY KEY,
    line_no INTEGER NOT NULL,
    order_id INTEGER NOT NULL,
    CONSTRAINT shipment_line_fk FOREIGN KEY (order_id, line_no) REFERENCES order_line (order_id, line_no)
        ON DELETE RESTRICT ON UPDATE SET DEFAULT
);

CREATE TABLE "Kundë 客户" (
    "Kundë ID" INTEGER NOT NULL,
    "say ""hi""" TEXT,
    "order id" INTEGER,
    CONSTRAINT "Kundë pk" PRIMARY KEY ("Kundë ID"),
    CONSTRAINT "Kundë → order" FOREIGN KEY ("order id") REFERENCES "order" (id) ON DELETE SET NULL
);

CREATE VIEW order_summary AS
    SELECT o.id, c.name AS customer_name, o.total
    FROM "order" o JOIN customer c ON c.id = o.customer_id;

INSERT INTO customer (email, name) VALUES ('a@example.com', 'Ann'), ('b@example.com', 'Bob'), ('c@example.com', 'Cy');
ANALYZE;
