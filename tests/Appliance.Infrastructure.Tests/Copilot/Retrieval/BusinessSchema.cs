using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Infrastructure.Tests.Copilot.Retrieval;

/// <summary>
/// A deterministic 5,000-table business schema: 50 domains (sales, hr, payroll, ledger, crm, logistics…) of 10
/// entities each, every entity a base table ("sales_invoice") and 9 satellites ("sales_invoice_line",
/// "sales_invoice_history"…) pointing at it. The same entity names recur across domains (invoice, contract, order,
/// payment…), column names use the usual abbreviations (cust_id, qty, amt, dt) and base tables reference each other,
/// so finding the right table takes more than matching one word.
/// </summary>
public static class BusinessSchema
{
    public const int Seed = 6;

    private static readonly (string Prefix, string[] Entities)[] Domains =
    [
        ("sales", ["invoice", "order", "quote", "customer", "contract", "discount", "territory", "commission", "credit_note", "opportunity"]),
        ("purch", ["purchase_order", "supplier", "requisition", "invoice", "goods_receipt", "contract", "rfq", "supplier_rating", "payment", "catalog_item"]),
        ("inv", ["item", "stock_level", "warehouse", "bin", "transfer", "adjustment", "lot", "serial_number", "cycle_count", "reservation"]),
        ("hr", ["employee", "employee_contract", "department", "position", "leave_request", "absence", "job_grade", "skill", "performance_review", "onboarding_task"]),
        ("payroll", ["payslip", "salary", "deduction", "bonus", "tax_code", "pay_period", "bank_account", "garnishment", "overtime", "allowance"]),
        ("gl", ["account", "journal_entry", "journal_line", "period", "budget", "cost_center", "currency", "exchange_rate", "fiscal_year", "trial_balance"]),
        ("crm", ["lead", "contact", "account", "activity", "campaign", "opportunity", "support_case", "segment", "note", "call"]),
        ("mkt", ["campaign", "email", "newsletter", "subscriber", "landing_page", "ad", "channel", "budget", "conversion", "event"]),
        ("log", ["shipment", "carrier", "route", "delivery", "tracking_event", "freight_rate", "vehicle", "driver", "depot", "consignment"]),
        ("mfg", ["work_order", "bill_of_material", "routing", "operation", "machine", "production_run", "defect", "scrap", "shift", "capacity"]),
        ("qa", ["inspection", "nonconformance", "audit", "test_result", "certificate", "complaint", "corrective_action", "sample", "specification", "calibration"]),
        ("mnt", ["asset", "work_request", "maintenance_plan", "spare_part", "downtime", "technician", "meter_reading", "failure", "schedule", "checklist"]),
        ("prj", ["project", "task", "milestone", "timesheet", "resource", "budget", "risk", "issue", "deliverable", "phase"]),
        ("sup", ["ticket", "agent", "sla", "escalation", "knowledge_article", "queue", "satisfaction_survey", "reply", "priority", "category"]),
        ("bill", ["subscription", "invoice", "usage_record", "plan", "payment_method", "dunning_notice", "refund", "credit", "tariff", "statement"]),
        ("wms", ["pick_list", "putaway", "dock", "wave", "pallet", "inbound_receipt", "outbound_order", "zone", "slot", "packing_station"]),
        ("fleet", ["vehicle", "fuel_log", "driver", "trip", "service_record", "insurance_policy", "accident", "tire", "lease", "inspection"]),
        ("legal", ["contract", "clause", "matter", "counsel", "court_case", "filing", "deadline", "party", "obligation", "amendment"]),
        ("cmp", ["policy", "control", "regulation", "attestation", "incident", "training", "exception", "risk_assessment", "evidence", "review"]),
        ("trs", ["bank_account", "cash_position", "loan", "investment", "hedge", "cash_forecast", "bank_statement", "transfer", "covenant", "interest_rate"]),
        ("tax", ["tax_return", "vat_rate", "withholding", "jurisdiction", "exemption", "filing", "audit", "nexus", "tax_payment", "tax_code"]),
        ("fa", ["fixed_asset", "depreciation", "disposal", "asset_class", "revaluation", "impairment", "location", "transfer", "lease", "insurance"]),
        ("re", ["property", "lease", "tenant", "unit", "rent_payment", "building", "floor", "maintenance_request", "inspection", "utility_bill"]),
        ("pos", ["store", "register", "receipt", "cashier", "shift", "sale", "return", "promotion", "loyalty_card", "gift_card"]),
        ("shop", ["cart", "cart_item", "checkout", "product", "product_review", "wishlist", "coupon", "shipping_address", "order", "payment"]),
        ("cat", ["product", "category", "attribute", "brand", "variant", "price", "image", "bundle", "specification", "supplier_item"]),
        ("prc", ["price_rule", "discount", "rebate", "price_tier", "margin", "competitor_price", "promotion", "price_change", "quote", "surcharge"]),
        ("loy", ["member", "points_transaction", "tier", "reward", "redemption", "referral", "badge", "challenge", "partner", "statement"]),
        ("evt", ["event", "venue", "registration", "attendee", "session", "speaker", "sponsor", "ticket", "booth", "feedback"]),
        ("lms", ["course", "enrollment", "lesson", "quiz", "quiz_attempt", "certificate", "instructor", "learning_path", "assignment", "grade"]),
        ("rec", ["job_posting", "candidate", "application", "interview", "offer", "referral", "assessment", "recruiter", "pipeline_stage", "background_check"]),
        ("ben", ["benefit_plan", "enrollment", "dependent", "claim", "provider", "coverage", "premium", "election", "beneficiary", "life_event"]),
        ("time", ["time_entry", "clock_event", "shift", "schedule", "overtime_request", "holiday", "absence", "timesheet", "approval", "rota"]),
        ("exp", ["expense_report", "expense_line", "receipt", "mileage", "per_diem", "card_transaction", "reimbursement", "policy", "approval", "category"]),
        ("trv", ["trip", "booking", "flight", "hotel_stay", "car_rental", "traveler", "itinerary", "visa", "travel_policy", "travel_request"]),
        ("clin", ["patient", "appointment", "encounter", "diagnosis", "prescription", "lab_result", "physician", "ward", "admission", "allergy"]),
        ("ins", ["policy", "claim", "policyholder", "premium_payment", "coverage", "underwriting", "adjuster", "endorsement", "quote", "broker"]),
        ("bank", ["account", "transaction", "customer", "card", "loan", "deposit", "branch", "atm", "standing_order", "overdraft"]),
        ("subs", ["subscriber", "plan", "renewal", "cancellation", "trial", "add_on", "billing_cycle", "usage", "upgrade", "churn_reason"]),
        ("tel", ["line", "call_record", "sim_card", "tariff_plan", "data_usage", "roaming", "number_port", "device", "contract", "outage"]),
        ("nrg", ["meter", "meter_reading", "tariff", "consumption", "outage", "grid_node", "generation", "invoice", "connection", "smart_device"]),
        ("edu", ["student", "class", "teacher", "enrollment", "grade", "attendance", "exam", "school", "curriculum", "guardian"]),
        ("rnd", ["experiment", "sample", "protocol", "researcher", "grant", "publication", "dataset", "lab", "equipment", "result"]),
        ("itsm", ["incident", "change_request", "problem", "configuration_item", "service", "release", "asset", "license", "outage", "request"]),
        ("sec", ["user_account", "role", "permission", "login_attempt", "access_review", "api_key", "session", "mfa_device", "audit_event", "password_reset"]),
        ("dms", ["document", "folder", "version", "signature", "template", "retention_policy", "share", "tag", "workflow", "approval"]),
        ("ntf", ["notification", "channel", "template", "subscription", "delivery_attempt", "preference", "digest", "bounce", "webhook", "queue"]),
        ("bi", ["report", "dashboard", "metric", "kpi", "data_source", "refresh_log", "widget", "alert", "forecast", "snapshot"]),
        ("fac", ["room", "booking", "desk", "visitor", "badge", "cleaning_schedule", "parking_space", "work_order", "energy_reading", "floor_plan"]),
        ("vnd", ["vendor", "vendor_contact", "vendor_contract", "vendor_invoice", "vendor_rating", "onboarding", "certification", "risk_score", "payment_term", "bank_detail"]),
    ];

    // What satellites of an entity hold, and the columns each kind adds besides the key back to its entity.
    private static readonly (string Suffix, string[] Columns)[] Satellites =
    [
        ("line", ["line_no:integer", "qty:numeric(12,3)", "unit_price:numeric(12,2)", "line_amt:numeric(12,2)"]),
        ("history", ["changed_at:timestamp", "changed_by:varchar(60)", "old_value:text", "new_value:text"]),
        ("status", ["status_code:varchar(20)", "status_dt:timestamp", "reason:text"]),
        ("type", ["type_code:varchar(20)", "type_name:varchar(100)", "is_active:boolean"]),
        ("note", ["note_text:text", "author:varchar(60)", "noted_at:timestamp"]),
        ("attachment", ["file_name:varchar(255)", "mime_type:varchar(100)", "size_bytes:bigint", "uploaded_at:timestamp"]),
        ("approval", ["approver_emp_id:integer", "decision:varchar(20)", "decided_at:timestamp", "comment_text:text"]),
        ("assignment", ["assignee:varchar(60)", "assigned_at:timestamp", "role_code:varchar(20)"]),
        ("category", ["category_code:varchar(20)", "category_name:varchar(100)", "parent_code:varchar(20)"]),
        ("schedule", ["run_at:timestamp", "frequency:varchar(20)", "next_run_at:timestamp"]),
        ("snapshot", ["snapshot_dt:date", "payload:text", "row_count:integer"]),
        ("audit", ["audited_at:timestamp", "auditor:varchar(60)", "finding:text", "severity:varchar(20)"]),
        ("version", ["version_no:integer", "valid_from:date", "valid_to:date"]),
        ("tag", ["tag_name:varchar(60)", "tagged_at:timestamp"]),
        ("rule", ["rule_expr:text", "priority:integer", "is_enabled:boolean"]),
        ("setting", ["setting_key:varchar(100)", "setting_value:text"]),
        ("summary", ["period_start:date", "period_end:date", "total_amt:numeric(14,2)", "record_cnt:integer"]),
        ("log", ["logged_at:timestamp", "level:varchar(10)", "message:text"]),
        ("link", ["linked_type:varchar(40)", "linked_ref:varchar(60)"]),
        ("rate", ["rate_pct:numeric(6,3)", "effective_dt:date"]),
        ("template", ["template_name:varchar(100)", "body:text"]),
        ("batch", ["batch_no:varchar(30)", "started_at:timestamp", "finished_at:timestamp", "error_cnt:integer"]),
        ("reminder", ["remind_at:timestamp", "sent_at:timestamp", "channel_code:varchar(20)"]),
        ("contact", ["contact_name:varchar(100)", "email:varchar(200)", "phone:varchar(40)"]),
        ("change", ["change_reason:text", "requested_by:varchar(60)", "effective_dt:date"]),
        ("allocation", ["allocated_pct:numeric(5,2)", "allocated_amt:numeric(12,2)"]),
        ("import", ["source_file:varchar(255)", "imported_at:timestamp", "row_cnt:integer"]),
        ("translation", ["locale:varchar(10)", "translated_text:text"]),
        ("metric", ["metric_name:varchar(60)", "metric_value:numeric(14,4)", "measured_at:timestamp"]),
        ("archive", ["archived_at:timestamp", "archived_by:varchar(60)", "payload:text"]),
    ];

    // Columns of base tables the question set is about (besides id and the keys to their domain's other entities).
    private static readonly Dictionary<string, string[]> Known = new(StringComparer.Ordinal)
    {
        ["sales_invoice"] = ["invoice_no:varchar(20)", "cust_id>sales_customer", "invoice_dt:date", "due_date:date", "total_amt:numeric(12,2)", "paid_at:timestamp", "payment_status:varchar(20)"],
        ["sales_customer"] = ["customer_name:varchar(200)", "email:varchar(200)", "country:varchar(2)", "segment:varchar(30)", "credit_limit:numeric(12,2)"],
        ["sales_order"] = ["order_no:varchar(20)", "cust_id>sales_customer", "order_dt:date", "ship_by:date", "total_amt:numeric(12,2)", "status:varchar(20)"],
        ["purch_invoice"] = ["supplier_id>purch_supplier", "received_dt:date", "gross_amt:numeric(12,2)", "approved:boolean"],
        ["bill_invoice"] = ["subscription_id>bill_subscription", "period_start:date", "period_end:date", "amount_due:numeric(12,2)", "issued_at:timestamp"],
        ["hr_employee"] = ["first_name:varchar(60)", "last_name:varchar(60)", "hire_date:date", "dept_id>hr_department", "job_title:varchar(100)", "birth_date:date", "manager_emp_id>hr_employee"],
        ["hr_employee_contract"] = ["emp_id>hr_employee", "start_date:date", "end_date:date", "contract_type:varchar(20)", "weekly_hours:numeric(4,1)", "salary_amt:numeric(12,2)"],
        ["hr_department"] = ["dept_name:varchar(100)", "cost_center_code:varchar(20)", "head_emp_id:integer"],
        ["inv_stock_level"] = ["item_id>inv_item", "warehouse_id>inv_warehouse", "qty_on_hand:numeric(12,3)", "reorder_point:numeric(12,3)", "counted_at:timestamp"],
        ["inv_item"] = ["sku:varchar(40)", "item_desc:varchar(200)", "uom:varchar(10)", "unit_cost:numeric(12,4)"],
        ["sup_ticket"] = ["subject:varchar(200)", "opened_at:timestamp", "closed_at:timestamp", "priority_id>sup_priority", "agent_id>sup_agent", "ticket_status:varchar(20)"],
        ["clin_appointment"] = ["patient_id>clin_patient", "physician_id>clin_physician", "scheduled_at:timestamp", "duration_min:integer", "appointment_status:varchar(20)"],
        ["clin_patient"] = ["first_name:varchar(60)", "last_name:varchar(60)", "birth_date:date", "insurance_no:varchar(30)"],
        ["payroll_deduction"] = ["emp_id:integer", "payslip_id>payroll_payslip", "deduction_code:varchar(20)", "amt:numeric(12,2)", "pay_dt:date"],
        ["log_shipment"] = ["tracking_no:varchar(40)", "carrier_id>log_carrier", "shipped_at:timestamp", "promised_at:timestamp", "delivered_at:timestamp", "weight_kg:numeric(10,2)"],
        ["log_carrier"] = ["carrier_name:varchar(100)", "scac_code:varchar(4)", "country:varchar(2)"],
        ["lms_quiz_attempt"] = ["quiz_id>lms_quiz", "learner_id:integer", "attempted_at:timestamp", "score_pct:numeric(5,2)", "passed:boolean"],
        ["lms_quiz"] = ["course_id>lms_course", "quiz_title:varchar(200)", "pass_mark_pct:numeric(5,2)"],
        ["lms_course"] = ["course_title:varchar(200)", "course_code:varchar(20)", "duration_hours:integer"],
        ["fleet_vehicle"] = ["plate_no:varchar(20)", "make:varchar(40)", "model:varchar(40)", "odometer_km:integer", "next_service_dt:date"],
        ["sec_login_attempt"] = ["user_account_id>sec_user_account", "attempted_at:timestamp", "ip_addr:varchar(45)", "succeeded:boolean", "failure_reason:varchar(100)"],
        ["gl_journal_entry"] = ["entry_no:varchar(20)", "period_id>gl_period", "posted_at:timestamp", "entry_desc:text", "posted_by:varchar(60)"],
        ["gl_exchange_rate"] = ["from_currency_id>gl_currency", "to_currency_id>gl_currency", "rate:numeric(18,8)", "rate_dt:date"],
        ["mkt_conversion"] = ["campaign_id>mkt_campaign", "channel_id>mkt_channel", "converted_at:timestamp", "revenue_amt:numeric(12,2)"],
        ["mnt_downtime"] = ["asset_id>mnt_asset", "started_at:timestamp", "ended_at:timestamp", "downtime_hours:numeric(8,2)", "cause:text"],
        ["rec_interview"] = ["application_id>rec_application", "interviewer:varchar(100)", "interview_dt:timestamp", "rating:integer"],
        ["rec_application"] = ["candidate_id>rec_candidate", "job_posting_id>rec_job_posting", "applied_at:timestamp", "stage:varchar(30)"],
        ["rec_job_posting"] = ["job_title:varchar(200)", "posted_at:date", "closes_at:date", "dept_code:varchar(20)"],
        ["exp_expense_report"] = ["emp_id:integer", "submitted_at:timestamp", "total_amt:numeric(12,2)", "approval_status:varchar(20)", "purpose:text"],
        ["trv_hotel_stay"] = ["trip_id>trv_trip", "hotel_name:varchar(200)", "city:varchar(100)", "check_in:date", "check_out:date", "nightly_rate:numeric(10,2)"],
        ["ins_claim"] = ["policy_id>ins_policy", "adjuster_id>ins_adjuster", "claim_no:varchar(20)", "filed_at:date", "claimed_amt:numeric(12,2)", "settled_amt:numeric(12,2)"],
        ["ins_adjuster"] = ["adjuster_name:varchar(100)", "region:varchar(40)"],
        ["nrg_meter_reading"] = ["meter_id>nrg_meter", "read_at:timestamp", "kwh:numeric(12,3)", "estimated:boolean"],
        ["edu_attendance"] = ["student_id>edu_student", "class_id>edu_class", "attendance_dt:date", "present:boolean", "absence_reason:varchar(100)"],
        ["itsm_incident"] = ["service_id>itsm_service", "opened_at:timestamp", "resolved_at:timestamp", "severity:varchar(10)", "summary:text"],
        ["dms_signature"] = ["document_id>dms_document", "signer_email:varchar(200)", "requested_at:timestamp", "signed_at:timestamp"],
        ["pos_return"] = ["store_id>pos_store", "receipt_id>pos_receipt", "returned_at:timestamp", "qty:integer", "refund_amt:numeric(10,2)"],
        ["pos_store"] = ["store_name:varchar(100)", "city:varchar(100)", "opened_on:date"],
        ["pos_gift_card"] = ["card_no:varchar(30)", "issued_at:timestamp", "balance_amt:numeric(10,2)", "expires_on:date"],
        ["vnd_vendor_invoice"] = ["vendor_id>vnd_vendor", "invoice_ref:varchar(40)", "invoice_dt:date", "due_dt:date", "amt:numeric(12,2)", "paid:boolean"],
        ["re_rent_payment"] = ["tenant_id>re_tenant", "lease_id>re_lease", "due_dt:date", "paid_dt:date", "amt:numeric(10,2)"],
        ["re_tenant"] = ["tenant_name:varchar(200)", "email:varchar(200)", "phone:varchar(40)"],
        ["evt_sponsor"] = ["event_id>evt_event", "sponsor_name:varchar(200)", "sponsorship_level:varchar(20)", "contribution_amt:numeric(12,2)"],
        ["bank_transaction"] = ["account_id>bank_account", "booked_at:timestamp", "amt:numeric(14,2)", "counterparty:varchar(200)", "txn_type:varchar(20)"],
        ["tel_call_record"] = ["line_id>tel_line", "called_number:varchar(30)", "started_at:timestamp", "duration_sec:integer", "roaming:boolean"],
    };

    private static readonly string[] GenericPool =
    [
        "code:varchar(20)", "description:text", "status:varchar(20)", "start_date:date", "end_date:date", "amount:numeric(12,2)",
        "region:varchar(40)", "priority:integer", "due_date:date", "currency_code:varchar(3)", "owner_name:varchar(100)", "is_active:boolean",
        "notes:text", "external_ref:varchar(60)", "valid_from:date", "valid_to:date", "score:numeric(6,2)", "qty:numeric(12,3)",
    ];

    private static readonly Lazy<DatabaseSchema> Instance = new(Generate);

    /// <summary>The schema (built once per test run; 50 × 100 tables).</summary>
    public static DatabaseSchema Schema => Instance.Value;

    public static string Qualified(string table) => "public." + table;

    private static DatabaseSchema Generate()
    {
        var random = new Random(Seed);
        var tables = new List<Table>();
        foreach (var (prefix, entities) in Domains)
        {
            // "vendor" + "contact" would clash with the entity "vendor_contact": entity names are taken first.
            var names = entities.Select(e => $"{prefix}_{e}").ToHashSet(StringComparer.Ordinal);
            foreach (var entity in entities)
            {
                var baseName = $"{prefix}_{entity}";
                tables.Add(BaseTable(baseName, prefix, entity, entities, random));
                var satellites = Satellites.ToArray();
                random.Shuffle(satellites);
                foreach (var (suffix, columns) in satellites.Where(s => names.Add($"{baseName}_{s.Suffix}")).Take(9))
                {
                    tables.Add(SatelliteTable(baseName, entity, suffix, columns));
                }
            }
        }

        return new DatabaseSchema { Engine = DatabaseEngine.Postgres, DatabaseName = "erp", Tables = [.. tables.OrderBy(t => t.Name, StringComparer.Ordinal)] };
    }

    private static Table BaseTable(string name, string prefix, string entity, string[] entities, Random random)
    {
        var columns = new List<Column> { Column("id", "integer", 1, nullable: false) };
        var keys = new List<ForeignKey>();
        if (Known.TryGetValue(name, out var known))
        {
            foreach (var spec in known)
            {
                AddSpec(spec, columns, keys);
            }
        }
        else
        {
            columns.Add(Column($"{entity}_name", "varchar(200)", columns.Count + 1));
            foreach (var spec in random.GetItems(GenericPool, 4).Distinct())
            {
                AddSpec(spec, columns, keys);
            }

            // Entities of a domain refer to one or two others, as base tables of a real module do.
            foreach (var other in random.GetItems(entities, 2).Distinct().Where(e => e != entity))
            {
                AddSpec($"{other}_id>{prefix}_{other}", columns, keys);
            }
        }

        columns.Add(Column("created_at", "timestamp", columns.Count + 1, nullable: false));
        columns.Add(Column("updated_at", "timestamp", columns.Count + 1));
        return new Table
        {
            Schema = "public",
            Name = name,
            Comment = entity.Contains('_', StringComparison.Ordinal) ? null : $"{Humanize(prefix)}: {entity.Replace('_', ' ')} records",
            Columns = columns,
            PrimaryKey = new KeyConstraint { Name = name + "_pkey", Columns = ["id"] },
            ForeignKeys = keys,
        };
    }

    private static Table SatelliteTable(string baseName, string entity, string suffix, string[] specs)
    {
        var name = $"{baseName}_{suffix}";
        var columns = new List<Column> { Column("id", "integer", 1, nullable: false) };
        var keys = new List<ForeignKey>();
        var keyColumn = entity[(entity.LastIndexOf('_') + 1)..] + "_id";
        AddSpec($"{keyColumn}>{baseName}", columns, keys);
        foreach (var spec in specs)
        {
            AddSpec(spec, columns, keys);
        }

        return new Table
        {
            Schema = "public",
            Name = name,
            Columns = columns,
            PrimaryKey = new KeyConstraint { Name = name + "_pkey", Columns = ["id"] },
            ForeignKeys = keys,
        };
    }

    /// <summary>"name:type" adds a column; "name>table" adds an integer column referencing table(id).</summary>
    private static void AddSpec(string spec, List<Column> columns, List<ForeignKey> keys)
    {
        var reference = spec.IndexOf('>', StringComparison.Ordinal);
        var name = reference > 0 ? spec[..reference] : spec[..spec.IndexOf(':', StringComparison.Ordinal)];
        if (columns.Any(c => c.Name == name))
        {
            return;
        }

        if (reference > 0)
        {
            columns.Add(Column(name, "integer", columns.Count + 1));
            keys.Add(new ForeignKey { Columns = [name], ReferencedSchema = "public", ReferencedTable = spec[(reference + 1)..], ReferencedColumns = ["id"] });
        }
        else
        {
            columns.Add(Column(name, spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..], columns.Count + 1));
        }
    }

    private static Column Column(string name, string type, int ordinal, bool nullable = true) => new()
    {
        Name = name,
        Ordinal = ordinal,
        DataType = type,
        BaseType = type.Split('(')[0],
        IsNullable = nullable,
    };

    private static string Humanize(string prefix) => prefix switch
    {
        "hr" => "Human resources",
        "gl" => "General ledger",
        "inv" => "Inventory",
        _ => char.ToUpperInvariant(prefix[0]) + prefix[1..],
    };
}
