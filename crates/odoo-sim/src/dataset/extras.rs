//! The small remainder: warehouses, a few chatter messages and attachments.

use serde_json::json;

use super::ctx::Ctx;
use super::users::{COMPANY_CHICAGO, COMPANY_MAIN, USER_ADMIN};

/// Inserts one warehouse per company, a handful of `mail.message` rows (partner 9's is id 62,
/// as recorded) and of `ir.attachment` rows.
pub(crate) fn generate(ctx: &mut Ctx) {
    for (id, name, code, company, partner) in [
        (1, "San Francisco", "WH", COMPANY_MAIN, 1),
        (2, "Chicago", "CHI", COMPANY_CHICAGO, 7),
    ] {
        ctx.insert(
            "stock.warehouse",
            json!({"id": id, "name": name, "code": code, "company_id": company, "partner_id": partner, "active": true,
                   "sequence": id, "delivery_steps": "ship_only", "reception_steps": "one_step", "resupply_wh_ids": []}),
        );
    }
    let messages = [
        (
            60,
            "res.partner",
            8,
            "<p>Called about the delayed delivery; promised a new date.</p>",
            true,
        ),
        (
            61,
            "sale.order",
            1,
            "<p>Quotation sent by email.</p>",
            false,
        ),
        (
            62,
            "res.partner",
            9,
            "<p>Acme wants volume pricing for next year.</p>",
            false,
        ),
        (
            63,
            "sale.order",
            16,
            "<p>Customer confirmed by phone.</p>",
            false,
        ),
        (
            64,
            "res.partner",
            15,
            "<p>New purchasing contact: Nicole Ford.</p>",
            true,
        ),
        (
            65,
            "sale.order",
            22,
            "<p>Delivery planned next week.</p>",
            false,
        ),
    ];
    for (id, model, res_id, body, internal) in messages {
        ctx.insert(
            "mail.message",
            json!({"id": id, "model": model, "res_id": res_id, "body": body, "author_id": 3,
                   "email_from": "\"Mitchell Admin\" <admin@example.com>", "date": "2026-11-22 14:50:00",
                   "is_internal": internal, "subject": null, "message_type": "comment",
                   "message_id": format!("<{id}.demo@example.com>"), "partner_ids": [], "attachment_ids": [],
                   "record_company_id": COMPANY_MAIN}),
        );
    }
    let attachments = [
        (
            "Acme contract.pdf",
            "application/pdf",
            "res.partner",
            9,
            48213,
            "binary",
        ),
        (
            "S00016 signed.pdf",
            "application/pdf",
            "sale.order",
            16,
            102_400,
            "binary",
        ),
        (
            "Office layout.png",
            "image/png",
            "crm.lead",
            1,
            230_114,
            "binary",
        ),
        ("Company website", "text/plain", "res.partner", 1, 0, "url"),
    ];
    for (name, mimetype, model, res_id, size, kind) in attachments {
        // The content, base64-encoded, where Odoo keeps it in the database (`db_datas`).
        let content = (kind == "binary").then(|| file_content(mimetype, size));
        ctx.insert(
            "ir.attachment",
            json!({"name": name, "mimetype": mimetype, "res_model": model, "res_id": res_id, "file_size": size,
                   "db_datas": content.map_or(serde_json::Value::Bool(false), serde_json::Value::from),
                   "type": kind, "url": if kind == "url" { Some("https://www.example.com") } else { None },
                   "public": false, "company_id": COMPANY_MAIN, "create_uid": USER_ADMIN,
                   "checksum": if kind == "binary" { Some(format!("{:040x}", size)) } else { None }}),
        );
    }
}

/// `size` bytes of a file of this type, base64-encoded: the type's magic header, then filler.
fn file_content(mimetype: &str, size: usize) -> String {
    use base64::Engine as _;
    let header: &[u8] = match mimetype {
        "application/pdf" => b"%PDF-1.4\n",
        "image/png" => b"\x89PNG\r\n\x1a\n",
        _ => b"",
    };
    let mut bytes = header.to_vec();
    bytes.extend((0..size.saturating_sub(header.len())).map(|i| b"odoo-sim "[i % 9]));
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
