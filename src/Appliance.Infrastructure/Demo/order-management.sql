-- Order management: the appliance's bundled demo database (SQLite).
-- A comment right after "CREATE TABLE name (" documents the table; a comment at the end of a column's line documents the column.
-- Schema only: the rows come from the mock-data generator (DemoDatabase.Request: a fixed seed and counts).
PRAGMA foreign_keys = ON;

CREATE TABLE regions ( -- Sales regions that group countries for reporting.
    region_code TEXT PRIMARY KEY,            -- Short code, e.g. EMEA
    name        TEXT NOT NULL UNIQUE         -- Display name of the region
);

CREATE TABLE countries ( -- Countries the business sells to or ships from (ISO 3166-1 alpha-2).
    country_code TEXT PRIMARY KEY CHECK (length(country_code) = 2), -- ISO 3166-1 alpha-2 code
    name         TEXT NOT NULL,                                     -- English country name
    region_code  TEXT NOT NULL REFERENCES regions (region_code) ON UPDATE CASCADE -- Sales region
);

CREATE TABLE customers ( -- People and companies who place orders.
    customer_id  INTEGER PRIMARY KEY AUTOINCREMENT,   -- Surrogate key
    email        TEXT NOT NULL,                       -- Login and contact e-mail, unique ignoring case
    first_name   TEXT NOT NULL,                       -- Given name
    last_name    TEXT NOT NULL,                       -- Family name
    phone        TEXT,                                -- Contact phone in E.164 format
    status       TEXT NOT NULL DEFAULT 'active'
                 CHECK (status IN ('active', 'suspended', 'closed')), -- Account status
    referred_by  INTEGER REFERENCES customers (customer_id) ON DELETE SET NULL, -- Customer who referred this one
    created_at   TEXT NOT NULL DEFAULT (datetime('now')) -- When the account was opened (UTC)
);
CREATE UNIQUE INDEX ux_customers_email ON customers (lower(email));

CREATE TABLE addresses ( -- Postal addresses of customers, for billing and shipping.
    address_id   INTEGER PRIMARY KEY,                 -- Surrogate key
    customer_id  INTEGER NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE, -- Owner of the address
    kind         TEXT NOT NULL CHECK (kind IN ('billing', 'shipping')), -- What the address is used for
    street       TEXT NOT NULL,                       -- Street and house number
    city         TEXT NOT NULL,                       -- City or town
    postal_code  TEXT,                                -- Postal or ZIP code
    country_code TEXT NOT NULL REFERENCES countries (country_code) -- Country of the address
);
CREATE INDEX ix_addresses_customer ON addresses (customer_id);

CREATE TABLE employees ( -- Staff; every employee but the top one reports to a manager.
    employee_id INTEGER PRIMARY KEY,                  -- Surrogate key
    manager_id  INTEGER REFERENCES employees (employee_id), -- The employee's manager (NULL for the CEO)
    first_name  TEXT NOT NULL,                        -- Given name
    last_name   TEXT NOT NULL,                        -- Family name
    email       TEXT NOT NULL UNIQUE,                 -- Work e-mail
    job_title   TEXT NOT NULL,                        -- Current job title
    hired_on    TEXT NOT NULL                         -- Date of hire
);
CREATE INDEX ix_employees_manager ON employees (manager_id);

CREATE TABLE suppliers ( -- Companies that supply products.
    supplier_id   INTEGER PRIMARY KEY,                -- Surrogate key
    name          TEXT NOT NULL UNIQUE,               -- Company name
    contact_email TEXT,                               -- Purchasing contact
    country_code  TEXT REFERENCES countries (country_code) -- Where the supplier is based
);

CREATE TABLE categories ( -- Product categories, nested: a category may have a parent.
    category_id        INTEGER PRIMARY KEY,           -- Surrogate key
    parent_category_id INTEGER REFERENCES categories (category_id) ON DELETE CASCADE, -- Enclosing category
    name               TEXT NOT NULL,                 -- Display name
    slug               TEXT NOT NULL UNIQUE           -- URL-safe name
);

CREATE TABLE products ( -- Things the business sells.
    product_id  INTEGER PRIMARY KEY,                  -- Surrogate key
    sku         TEXT NOT NULL UNIQUE,                 -- Stock keeping unit
    name        TEXT NOT NULL,                        -- Product name
    category_id INTEGER NOT NULL REFERENCES categories (category_id), -- Category the product is listed in
    supplier_id INTEGER REFERENCES suppliers (supplier_id) ON DELETE SET NULL, -- Usual supplier
    unit_price  NUMERIC(10, 2) NOT NULL CHECK (unit_price >= 0), -- List price per unit
    is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)), -- 1 when the product can be ordered
    created_at  TEXT NOT NULL DEFAULT (datetime('now')) -- When the product was added
);
CREATE INDEX ix_products_category ON products (category_id);
CREATE INDEX ix_products_supplier ON products (supplier_id);

CREATE TABLE warehouses ( -- Warehouses that hold stock.
    warehouse_id INTEGER PRIMARY KEY,                 -- Surrogate key
    code         TEXT NOT NULL UNIQUE,                -- Short code, e.g. BER1
    name         TEXT NOT NULL,                       -- Display name
    country_code TEXT NOT NULL REFERENCES countries (country_code) -- Where the warehouse is
);

CREATE TABLE inventory ( -- Stock on hand per warehouse and product.
    warehouse_id     INTEGER NOT NULL REFERENCES warehouses (warehouse_id) ON DELETE CASCADE, -- Warehouse
    product_id       INTEGER NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,     -- Product
    quantity_on_hand INTEGER NOT NULL DEFAULT 0 CHECK (quantity_on_hand >= 0), -- Units in stock
    reorder_level    INTEGER NOT NULL DEFAULT 10 CHECK (reorder_level >= 0),   -- Reorder when stock falls below this
    PRIMARY KEY (warehouse_id, product_id)
);
CREATE INDEX ix_inventory_product ON inventory (product_id);

CREATE TABLE orders ( -- Customer orders.
    order_id            INTEGER PRIMARY KEY,          -- Order number
    customer_id         INTEGER NOT NULL REFERENCES customers (customer_id), -- Who ordered
    sales_rep_id        INTEGER REFERENCES employees (employee_id) ON DELETE SET NULL, -- Employee who handled the order
    billing_address_id  INTEGER REFERENCES addresses (address_id),  -- Where the invoice goes
    shipping_address_id INTEGER REFERENCES addresses (address_id),  -- Where the goods go
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')), -- Order status
    ordered_at          TEXT NOT NULL DEFAULT (datetime('now')), -- When the order was placed (UTC)
    total_amount        NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (total_amount >= 0) -- Order total after discounts
);
CREATE INDEX ix_orders_customer_date ON orders (customer_id, ordered_at DESC);
CREATE INDEX ix_orders_open ON orders (status) WHERE status IN ('pending', 'paid');

CREATE TABLE order_lines ( -- The lines of an order: one product each.
    order_id    INTEGER NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE, -- Order
    line_number INTEGER NOT NULL CHECK (line_number > 0),  -- Position within the order
    product_id  INTEGER NOT NULL REFERENCES products (product_id), -- Product ordered
    quantity    INTEGER NOT NULL CHECK (quantity > 0),     -- Units ordered
    unit_price  NUMERIC(10, 2) NOT NULL CHECK (unit_price >= 0), -- Price per unit when ordered
    discount    NUMERIC(4, 3) NOT NULL DEFAULT 0 CHECK (discount BETWEEN 0 AND 1), -- Discount as a fraction
    PRIMARY KEY (order_id, line_number)
);
CREATE INDEX ix_order_lines_product ON order_lines (product_id);

CREATE TABLE payments ( -- Money received for orders.
    payment_id INTEGER PRIMARY KEY,                   -- Surrogate key
    order_id   INTEGER NOT NULL REFERENCES orders (order_id), -- Order paid for
    method     TEXT NOT NULL CHECK (method IN ('card', 'bank_transfer', 'paypal', 'voucher')), -- Payment method
    amount     NUMERIC(12, 2) NOT NULL CHECK (amount > 0), -- Amount received
    paid_at    TEXT NOT NULL                          -- When the money arrived (UTC)
);
CREATE INDEX ix_payments_order ON payments (order_id);

CREATE TABLE shipments ( -- Parcels sent for orders.
    shipment_id     INTEGER PRIMARY KEY,              -- Surrogate key
    order_id        INTEGER NOT NULL REFERENCES orders (order_id), -- Order shipped
    warehouse_id    INTEGER NOT NULL REFERENCES warehouses (warehouse_id), -- Warehouse it left from
    carrier         TEXT NOT NULL,                    -- Carrier name
    tracking_number TEXT UNIQUE,                      -- Carrier's tracking number
    shipped_at      TEXT NOT NULL,                    -- When it left the warehouse
    delivered_at    TEXT,                             -- When it arrived
    CHECK (delivered_at IS NULL OR delivered_at >= shipped_at)
);
CREATE INDEX ix_shipments_order ON shipments (order_id);

CREATE TABLE shipment_lines ( -- Which order lines went into which shipment (a line may be split over shipments).
    shipment_id INTEGER NOT NULL REFERENCES shipments (shipment_id) ON DELETE CASCADE, -- Shipment
    order_id    INTEGER NOT NULL,                     -- Order of the line
    line_number INTEGER NOT NULL,                     -- Line within the order
    quantity    INTEGER NOT NULL CHECK (quantity > 0), -- Units in this shipment
    PRIMARY KEY (shipment_id, order_id, line_number),
    FOREIGN KEY (order_id, line_number) REFERENCES order_lines (order_id, line_number)
);

CREATE TABLE product_reviews ( -- Product reviews written by customers; one review per customer and product.
    review_id   INTEGER PRIMARY KEY,                  -- Surrogate key
    product_id  INTEGER NOT NULL REFERENCES products (product_id) ON DELETE CASCADE, -- Product reviewed
    customer_id INTEGER NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE, -- Reviewer
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5), -- Stars, 1 to 5
    title       TEXT,                                 -- Headline
    body        TEXT,                                 -- Review text
    created_at  TEXT NOT NULL DEFAULT (datetime('now')), -- When it was written
    UNIQUE (product_id, customer_id)
);

CREATE TABLE promotions ( -- Discount codes.
    promotion_id INTEGER PRIMARY KEY,                 -- Surrogate key
    code         TEXT NOT NULL UNIQUE,                -- Code the customer enters
    percent_off  INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 90), -- Discount in percent
    starts_on    TEXT NOT NULL,                       -- First day it is valid
    ends_on      TEXT NOT NULL,                       -- Last day it is valid
    CHECK (ends_on > starts_on)
);

CREATE TABLE order_promotions ( -- Promotions applied to orders.
    order_id     INTEGER NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE, -- Order
    promotion_id INTEGER NOT NULL REFERENCES promotions (promotion_id), -- Promotion applied
    PRIMARY KEY (order_id, promotion_id)
);

CREATE VIEW order_totals AS -- Order totals computed from the lines.
SELECT o.order_id, o.customer_id, o.status,
       SUM(l.quantity * l.unit_price * (1 - l.discount)) AS lines_total,
       COUNT(*) AS line_count
FROM orders o
JOIN order_lines l ON l.order_id = o.order_id
GROUP BY o.order_id, o.customer_id, o.status;

CREATE VIEW customer_revenue AS -- Revenue per customer over all delivered orders.
SELECT c.customer_id, c.email, COUNT(o.order_id) AS orders, COALESCE(SUM(o.total_amount), 0) AS revenue
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status = 'delivered'
GROUP BY c.customer_id, c.email;
