-- Fixture schema for MySQL / MariaDB ingestion tests. {crm} and {sales} are replaced by the names of two
-- temporary databases (each database is a schema in the canonical model), giving a cross-database foreign key.

CREATE TABLE `{crm}`.customer (
    id INT NOT NULL AUTO_INCREMENT,
    email VARCHAR(255) NOT NULL COMMENT 'Login e-mail',
    name VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    country CHAR(2) NOT NULL DEFAULT 'DE',
    note VARCHAR(50) DEFAULT 'it''s',
    maybe VARCHAR(10) DEFAULT NULL,
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    referred_by INT NULL,
    status ENUM('new', 'active', 'gone') NOT NULL DEFAULT 'new',
    balance DECIMAL(12,2) NOT NULL DEFAULT 0.00,
    name_upper VARCHAR(100) AS (UPPER(name)) VIRTUAL,
    email_domain VARCHAR(255) AS (SUBSTRING_INDEX(email, '@', -1)) STORED,
    PRIMARY KEY (id),
    CONSTRAINT customer_email_uq UNIQUE (email),
    CONSTRAINT customer_referred_fk FOREIGN KEY (referred_by) REFERENCES `{crm}`.customer (id) ON DELETE SET NULL,
    CONSTRAINT customer_balance_ck CHECK (balance >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='People who buy things';
CREATE INDEX customer_country_created_idx ON `{crm}`.customer (country, created_at DESC);
-- MariaDB has no functional index: an index on a generated column is its expression index.
CREATE INDEX customer_upper_idx ON `{crm}`.customer (name_upper);
CREATE FULLTEXT INDEX customer_name_ft ON `{crm}`.customer (name);

CREATE TABLE `{sales}`.`order` (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    customer_id INT NOT NULL,
    `select` TEXT COMMENT 'A column named like a keyword',
    placed_on DATE,
    total DECIMAL(10,2),
    PRIMARY KEY (id),
    CONSTRAINT order_customer_fk FOREIGN KEY (customer_id) REFERENCES `{crm}`.customer (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `{sales}`.order_line (
    order_id BIGINT UNSIGNED NOT NULL,
    line_no SMALLINT NOT NULL,
    product_code VARCHAR(20) NOT NULL,
    quantity INT NOT NULL,
    PRIMARY KEY (order_id, line_no),
    CONSTRAINT order_line_order_fk FOREIGN KEY (order_id) REFERENCES `{sales}`.`order` (id) ON DELETE CASCADE,
    CONSTRAINT order_line_product_uq UNIQUE (order_id, product_code),
    CONSTRAINT order_line_quantity_ck CHECK (quantity > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `{sales}`.shipment (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    line_no SMALLINT NOT NULL,
    order_id BIGINT UNSIGNED NOT NULL,
    CONSTRAINT shipment_line_fk FOREIGN KEY (order_id, line_no) REFERENCES `{sales}`.order_line (order_id, line_no)
        ON DELETE RESTRICT ON UPDATE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `{sales}`.`Kundë 客户` (
    `Kundë ID` INT NOT NULL,
    `say ``hi``` TEXT,
    `order id` BIGINT UNSIGNED,
    PRIMARY KEY (`Kundë ID`),
    CONSTRAINT `Kundë → order` FOREIGN KEY (`order id`) REFERENCES `{sales}`.`order` (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Unicode, spaces and quotes';

CREATE VIEW `{sales}`.order_summary AS
    SELECT o.id, c.name AS customer_name, o.total
    FROM `{sales}`.`order` o JOIN `{crm}`.customer c ON c.id = o.customer_id;

INSERT INTO `{crm}`.customer (email, name) VALUES ('a@example.com', 'Ann'), ('b@example.com', 'Bob'), ('c@example.com', 'Cy');
ANALYZE TABLE `{crm}`.customer;
