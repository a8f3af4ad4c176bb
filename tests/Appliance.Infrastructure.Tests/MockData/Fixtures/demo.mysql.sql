-- The bundled demo schema (src/Appliance.Infrastructure/Demo/order-management.sql) translated by hand to MySQL / MariaDB:
-- schema only, every constraint kept (checks, composite keys, self-references). Keys need bounded VARCHARs instead of TEXT.
-- The unique index on lower(email) is a plain unique key here: the default collation already compares case-insensitively.
-- MySQL has no partial indexes, so ix_orders_open covers every status.

CREATE TABLE regions (
    region_code VARCHAR(10) PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE countries (
    country_code CHAR(2) PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    region_code  VARCHAR(10) NOT NULL,
    CONSTRAINT countries_code_length CHECK (CHAR_LENGTH(country_code) = 2),
    CONSTRAINT countries_region_fk FOREIGN KEY (region_code) REFERENCES regions (region_code) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE customers (
    customer_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email       VARCHAR(255) NOT NULL,
    first_name  VARCHAR(100) NOT NULL,
    last_name   VARCHAR(100) NOT NULL,
    phone       VARCHAR(40),
    status      VARCHAR(20) NOT NULL DEFAULT 'active',
    referred_by INT,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT ux_customers_email UNIQUE (email),
    CONSTRAINT customers_status_check CHECK (status IN ('active', 'suspended', 'closed')),
    CONSTRAINT customers_referred_fk FOREIGN KEY (referred_by) REFERENCES customers (customer_id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE addresses (
    address_id   INT PRIMARY KEY,
    customer_id  INT NOT NULL,
    kind         VARCHAR(10) NOT NULL,
    street       VARCHAR(200) NOT NULL,
    city         VARCHAR(100) NOT NULL,
    postal_code  VARCHAR(20),
    country_code CHAR(2) NOT NULL,
    CONSTRAINT addresses_kind_check CHECK (kind IN ('billing', 'shipping')),
    CONSTRAINT addresses_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (customer_id) ON DELETE CASCADE,
    CONSTRAINT addresses_country_fk FOREIGN KEY (country_code) REFERENCES countries (country_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE employees (
    employee_id INT PRIMARY KEY,
    manager_id  INT,
    first_name  VARCHAR(100) NOT NULL,
    last_name   VARCHAR(100) NOT NULL,
    email       VARCHAR(255) NOT NULL UNIQUE,
    job_title   VARCHAR(100) NOT NULL,
    hired_on    DATE NOT NULL,
    CONSTRAINT employees_manager_fk FOREIGN KEY (manager_id) REFERENCES employees (employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE suppliers (
    supplier_id   INT PRIMARY KEY,
    name          VARCHAR(200) NOT NULL UNIQUE,
    contact_email VARCHAR(255),
    country_code  CHAR(2),
    CONSTRAINT suppliers_country_fk FOREIGN KEY (country_code) REFERENCES countries (country_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE categories (
    category_id        INT PRIMARY KEY,
    parent_category_id INT,
    name               VARCHAR(100) NOT NULL,
    slug               VARCHAR(100) NOT NULL UNIQUE,
    CONSTRAINT categories_parent_fk FOREIGN KEY (parent_category_id) REFERENCES categories (category_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE products (
    product_id  INT PRIMARY KEY,
    sku         VARCHAR(40) NOT NULL UNIQUE,
    name        VARCHAR(200) NOT NULL,
    category_id INT NOT NULL,
    supplier_id INT,
    unit_price  DECIMAL(10, 2) NOT NULL,
    is_active   TINYINT NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT products_price_check CHECK (unit_price >= 0),
    CONSTRAINT products_active_check CHECK (is_active IN (0, 1)),
    CONSTRAINT products_category_fk FOREIGN KEY (category_id) REFERENCES categories (category_id),
    CONSTRAINT products_supplier_fk FOREIGN KEY (supplier_id) REFERENCES suppliers (supplier_id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE warehouses (
    warehouse_id INT PRIMARY KEY,
    code         VARCHAR(20) NOT NULL UNIQUE,
    name         VARCHAR(100) NOT NULL,
    country_code CHAR(2) NOT NULL,
    CONSTRAINT warehouses_country_fk FOREIGN KEY (country_code) REFERENCES countries (country_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE inventory (
    warehouse_id     INT NOT NULL,
    product_id       INT NOT NULL,
    quantity_on_hand INT NOT NULL DEFAULT 0,
    reorder_level    INT NOT NULL DEFAULT 10,
    PRIMARY KEY (warehouse_id, product_id),
    CONSTRAINT inventory_quantity_check CHECK (quantity_on_hand >= 0),
    CONSTRAINT inventory_reorder_check CHECK (reorder_level >= 0),
    CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (warehouse_id) ON DELETE CASCADE,
    CONSTRAINT inventory_product_fk FOREIGN KEY (product_id) REFERENCES products (product_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE orders (
    order_id            INT PRIMARY KEY,
    customer_id         INT NOT NULL,
    sales_rep_id        INT,
    billing_address_id  INT,
    shipping_address_id INT,
    status              VARCHAR(20) NOT NULL DEFAULT 'pending',
    ordered_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    total_amount        DECIMAL(12, 2) NOT NULL DEFAULT 0,
    CONSTRAINT orders_status_check CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    CONSTRAINT orders_total_check CHECK (total_amount >= 0),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (customer_id),
    CONSTRAINT orders_rep_fk FOREIGN KEY (sales_rep_id) REFERENCES employees (employee_id) ON DELETE SET NULL,
    CONSTRAINT orders_billing_fk FOREIGN KEY (billing_address_id) REFERENCES addresses (address_id),
    CONSTRAINT orders_shipping_fk FOREIGN KEY (shipping_address_id) REFERENCES addresses (address_id),
    INDEX ix_orders_customer_date (customer_id, ordered_at DESC),
    INDEX ix_orders_open (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE order_lines (
    order_id    INT NOT NULL,
    line_number INT NOT NULL,
    product_id  INT NOT NULL,
    quantity    INT NOT NULL,
    unit_price  DECIMAL(10, 2) NOT NULL,
    discount    DECIMAL(4, 3) NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, line_number),
    CONSTRAINT order_lines_number_check CHECK (line_number > 0),
    CONSTRAINT order_lines_quantity_check CHECK (quantity > 0),
    CONSTRAINT order_lines_price_check CHECK (unit_price >= 0),
    CONSTRAINT order_lines_discount_check CHECK (discount BETWEEN 0 AND 1),
    CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (order_id) ON DELETE CASCADE,
    CONSTRAINT order_lines_product_fk FOREIGN KEY (product_id) REFERENCES products (product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE payments (
    payment_id INT PRIMARY KEY,
    order_id   INT NOT NULL,
    method     VARCHAR(20) NOT NULL,
    amount     DECIMAL(12, 2) NOT NULL,
    paid_at    DATETIME NOT NULL,
    CONSTRAINT payments_method_check CHECK (method IN ('card', 'bank_transfer', 'paypal', 'voucher')),
    CONSTRAINT payments_amount_check CHECK (amount > 0),
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE shipments (
    shipment_id     INT PRIMARY KEY,
    order_id        INT NOT NULL,
    warehouse_id    INT NOT NULL,
    carrier         VARCHAR(100) NOT NULL,
    tracking_number VARCHAR(40) UNIQUE,
    shipped_at      DATETIME NOT NULL,
    delivered_at    DATETIME,
    CONSTRAINT shipments_delivery_check CHECK (delivered_at IS NULL OR delivered_at >= shipped_at),
    CONSTRAINT shipments_order_fk FOREIGN KEY (order_id) REFERENCES orders (order_id),
    CONSTRAINT shipments_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (warehouse_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE shipment_lines (
    shipment_id INT NOT NULL,
    order_id    INT NOT NULL,
    line_number INT NOT NULL,
    quantity    INT NOT NULL,
    PRIMARY KEY (shipment_id, order_id, line_number),
    CONSTRAINT shipment_lines_quantity_check CHECK (quantity > 0),
    CONSTRAINT shipment_lines_shipment_fk FOREIGN KEY (shipment_id) REFERENCES shipments (shipment_id) ON DELETE CASCADE,
    CONSTRAINT shipment_lines_line_fk FOREIGN KEY (order_id, line_number) REFERENCES order_lines (order_id, line_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE product_reviews (
    review_id   INT PRIMARY KEY,
    product_id  INT NOT NULL,
    customer_id INT NOT NULL,
    rating      INT NOT NULL,
    title       VARCHAR(200),
    body        TEXT,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT product_reviews_once UNIQUE (product_id, customer_id),
    CONSTRAINT product_reviews_rating_check CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT product_reviews_product_fk FOREIGN KEY (product_id) REFERENCES products (product_id) ON DELETE CASCADE,
    CONSTRAINT product_reviews_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (customer_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE promotions (
    promotion_id INT PRIMARY KEY,
    code         VARCHAR(40) NOT NULL UNIQUE,
    percent_off  INT NOT NULL,
    starts_on    DATE NOT NULL,
    ends_on      DATE NOT NULL,
    CONSTRAINT promotions_percent_check CHECK (percent_off BETWEEN 1 AND 90),
    CONSTRAINT promotions_dates_check CHECK (ends_on > starts_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE order_promotions (
    order_id     INT NOT NULL,
    promotion_id INT NOT NULL,
    PRIMARY KEY (order_id, promotion_id),
    CONSTRAINT order_promotions_order_fk FOREIGN KEY (order_id) REFERENCES orders (order_id) ON DELETE CASCADE,
    CONSTRAINT order_promotions_promotion_fk FOREIGN KEY (promotion_id) REFERENCES promotions (promotion_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
