-- Hard cases for the mock-data loader: a cycle of foreign keys (department ↔ employee, closed by a nullable key), a
-- self-reference (employee.manager_id), composite primary, foreign and unique keys, and date-order checks.

CREATE TABLE department (
    department_id    integer PRIMARY KEY,
    name             varchar(100) NOT NULL UNIQUE,
    head_employee_id integer
);

CREATE TABLE employee (
    employee_id   integer PRIMARY KEY,
    department_id integer NOT NULL REFERENCES department (department_id),
    manager_id    integer REFERENCES employee (employee_id),
    email         varchar(200) NOT NULL UNIQUE,
    start_date    date NOT NULL,
    end_date      date,
    CONSTRAINT employee_dates_check CHECK (end_date > start_date)
);

ALTER TABLE department ADD CONSTRAINT department_head_fk FOREIGN KEY (head_employee_id) REFERENCES employee (employee_id);

CREATE TABLE project (
    project_code varchar(12) NOT NULL,
    project_year integer NOT NULL CHECK (project_year BETWEEN 2000 AND 2100),
    title        varchar(200) NOT NULL,
    start_date   date NOT NULL,
    end_date     date NOT NULL,
    PRIMARY KEY (project_code, project_year),
    CONSTRAINT project_dates_check CHECK (end_date > start_date)
);

CREATE TABLE assignment (
    employee_id  integer NOT NULL REFERENCES employee (employee_id),
    project_code varchar(12) NOT NULL,
    project_year integer NOT NULL,
    role         varchar(20) NOT NULL CHECK (role IN ('lead', 'member', 'reviewer')),
    start_date   date NOT NULL,
    end_date     date NOT NULL,
    PRIMARY KEY (employee_id, project_code, project_year),
    CONSTRAINT assignment_project_fk FOREIGN KEY (project_code, project_year) REFERENCES project (project_code, project_year),
    CONSTRAINT assignment_dates_check CHECK (end_date > start_date)
);

CREATE TABLE assignment_review (
    review_id    integer PRIMARY KEY,
    employee_id  integer NOT NULL,
    project_code varchar(12) NOT NULL,
    project_year integer NOT NULL,
    reviewer_id  integer NOT NULL REFERENCES employee (employee_id),
    score        integer NOT NULL CHECK (score BETWEEN 1 AND 10),
    CONSTRAINT assignment_review_once UNIQUE (employee_id, project_code, project_year, reviewer_id),
    CONSTRAINT assignment_review_assignment_fk FOREIGN KEY (employee_id, project_code, project_year)
        REFERENCES assignment (employee_id, project_code, project_year)
);
