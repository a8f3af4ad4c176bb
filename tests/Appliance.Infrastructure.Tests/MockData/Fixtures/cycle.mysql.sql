-- Hard cases for the mock-data loader (MySQL / MariaDB): a cycle of foreign keys (department ↔ employee, closed by a
-- nullable key), a self-reference (employee.manager_id), composite primary, foreign and unique keys, and date-order checks.

CREATE TABLE department (
    department_id    INT PRIMARY KEY,
    name             VARCHAR(100) NOT NULL UNIQUE,
    head_employee_id INT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE employee (
    employee_id   INT PRIMARY KEY,
    department_id INT NOT NULL,
    manager_id    INT,
    email         VARCHAR(200) NOT NULL UNIQUE,
    start_date    DATE NOT NULL,
    end_date      DATE,
    CONSTRAINT employee_dates_check CHECK (end_date > start_date),
    CONSTRAINT employee_department_fk FOREIGN KEY (department_id) REFERENCES department (department_id),
    CONSTRAINT employee_manager_fk FOREIGN KEY (manager_id) REFERENCES employee (employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE department ADD CONSTRAINT department_head_fk FOREIGN KEY (head_employee_id) REFERENCES employee (employee_id);

CREATE TABLE project (
    project_code VARCHAR(12) NOT NULL,
    project_year INT NOT NULL,
    title        VARCHAR(200) NOT NULL,
    start_date   DATE NOT NULL,
    end_date     DATE NOT NULL,
    PRIMARY KEY (project_code, project_year),
    CONSTRAINT project_year_check CHECK (project_year BETWEEN 2000 AND 2100),
    CONSTRAINT project_dates_check CHECK (end_date > start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE assignment (
    employee_id  INT NOT NULL,
    project_code VARCHAR(12) NOT NULL,
    project_year INT NOT NULL,
    role         VARCHAR(20) NOT NULL,
    start_date   DATE NOT NULL,
    end_date     DATE NOT NULL,
    PRIMARY KEY (employee_id, project_code, project_year),
    CONSTRAINT assignment_role_check CHECK (role IN ('lead', 'member', 'reviewer')),
    CONSTRAINT assignment_dates_check CHECK (end_date > start_date),
    CONSTRAINT assignment_employee_fk FOREIGN KEY (employee_id) REFERENCES employee (employee_id),
    CONSTRAINT assignment_project_fk FOREIGN KEY (project_code, project_year) REFERENCES project (project_code, project_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE assignment_review (
    review_id    INT PRIMARY KEY,
    employee_id  INT NOT NULL,
    project_code VARCHAR(12) NOT NULL,
    project_year INT NOT NULL,
    reviewer_id  INT NOT NULL,
    score        INT NOT NULL,
    CONSTRAINT assignment_review_once UNIQUE (employee_id, project_code, project_year, reviewer_id),
    CONSTRAINT assignment_review_score_check CHECK (score BETWEEN 1 AND 10),
    CONSTRAINT assignment_review_reviewer_fk FOREIGN KEY (reviewer_id) REFERENCES employee (employee_id),
    CONSTRAINT assignment_review_assignment_fk FOREIGN KEY (employee_id, project_code, project_year)
        REFERENCES assignment (employee_id, project_code, project_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
