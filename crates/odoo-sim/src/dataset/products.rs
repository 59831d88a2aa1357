//! Product categories, product templates and their single variants (`product.product`).

use serde_json::json;

use super::ctx::{Ctx, Product};
use super::reference::{UOM_DOZENS, UOM_HOURS, UOM_KG, UOM_UNITS};

/// (id, name, parent).
const CATEGORIES: &[(i64, &str, Option<i64>)] = &[
    (1, "All", None),
    (2, "Saleable", Some(1)),
    (3, "Services", Some(1)),
    (4, "Office Furniture", Some(2)),
    (5, "Consumables", Some(1)),
    (6, "Expenses", Some(1)),
    (7, "Software", Some(2)),
];

/// One product: the template and its variant share the id.
struct Spec {
    name: &'static str,
    code: &'static str,
    service: bool,
    price: i64,
    cost: i64,
    categ: i64,
    uom: i64,
    barcode: &'static str,
    sale_ok: bool,
    purchase_ok: bool,
    active: bool,
}

const fn goods(
    name: &'static str,
    code: &'static str,
    price: i64,
    cost: i64,
    barcode: &'static str,
) -> Spec {
    Spec {
        name,
        code,
        service: false,
        price,
        cost,
        categ: 4,
        uom: UOM_UNITS,
        barcode,
        sale_ok: true,
        purchase_ok: true,
        active: true,
    }
}

const fn service(name: &'static str, code: &'static str, price: i64, uom: i64) -> Spec {
    Spec {
        name,
        code,
        service: true,
        price,
        cost: price / 2,
        categ: 3,
        uom,
        barcode: "",
        sale_ok: true,
        purchase_ok: false,
        active: true,
    }
}

const fn consumable(
    name: &'static str,
    code: &'static str,
    price: i64,
    cost: i64,
    uom: i64,
) -> Spec {
    Spec {
        name,
        code,
        service: false,
        price,
        cost,
        categ: 5,
        uom,
        barcode: "",
        sale_ok: true,
        purchase_ok: true,
        active: true,
    }
}

/// Prices in cents; ids are positions + 1.
const PRODUCTS: &[Spec] = &[
    goods("Office Chair", "FURN_7777", 7000, 5500, "601647855631"),
    goods("Office Lamp", "FURN_8888", 4000, 3500, "601647855632"),
    Spec {
        categ: 7,
        ..goods("Office Design Software", "FURN_9999", 28000, 23500, "")
    },
    goods("Desk Combination", "FURN_7800", 45000, 30000, ""),
    goods(
        "Customizable Desk",
        "FURN_0096",
        75000,
        60000,
        "601647855635",
    ),
    goods("Corner Desk Right Sit", "E-COM06", 14700, 8500, ""),
    goods("Large Cabinet", "E-COM07", 32000, 25000, "601647855637"),
    goods("Storage Box", "E-COM08", 1580, 1400, ""),
    goods("Large Desk", "E-COM09", 179_900, 129_900, ""),
    goods("Pedal Bin", "E-COM10", 4700, 1000, "601647855640"),
    goods("Cabinet with Doors", "E-COM11", 14000, 12050, ""),
    goods("Conference Chair", "E-COM12", 3300, 2800, "601647855642"),
    goods("Drawer", "FURN_8855", 11050, 10000, ""),
    goods("Flipover", "FURN_9001", 195_000, 170_000, ""),
    goods("Three-Seat Sofa", "FURN_8999", 150_000, 100_000, ""),
    goods(
        "Acoustic Bloc Screens",
        "FURN_6666",
        29500,
        28700,
        "601647855646",
    ),
    Spec {
        categ: 5,
        ..goods("Whiteboard Pen", "CONS_0001", 120, 70, "")
    },
    goods("Four Person Desk", "FURN_8220", 235_000, 210_000, ""),
    goods("Individual Workplace", "FURN_0789", 85500, 76000, ""),
    goods("Drawer Black", "FURN_2100", 2500, 2000, ""),
    goods("Monitor Stand", "FURN_6741", 1250, 1000, ""),
    goods("Desk Organizer", "FURN_0001", 510, 450, ""),
    goods("Desk Stand with Screen", "FURN_7888", 210_000, 180_000, ""),
    goods("Chair Floor Protection", "FURN_0269", 1200, 1000, ""),
    goods("Large Meeting Table", "FURN_6549", 400_000, 350_000, ""),
    service("Virtual Home Staging", "SERV_STAGING", 3825, UOM_HOURS),
    service("Virtual Interior Design", "SERV_DESIGN", 6000, UOM_HOURS),
    service("Furniture Assembly", "SERV_ASSEMBLY", 4500, UOM_HOURS),
    service("Consulting", "SERV_CONSULT", 9500, UOM_HOURS),
    service("Delivery Charges", "DELIV", 1000, UOM_UNITS),
    service("Training Session", "SERV_TRAIN", 35000, UOM_UNITS),
    service("Maintenance Contract", "SERV_MAINT", 120_000, UOM_UNITS),
    service("Extended Warranty", "SERV_WARRANTY", 15000, UOM_UNITS),
    Spec {
        sale_ok: false,
        ..service("Down Payment", "", 0, UOM_UNITS)
    },
    consumable("Printer Paper A4", "CONS_PAPER", 450, 300, UOM_UNITS),
    consumable("Ink Cartridge", "CONS_INK", 2990, 1800, UOM_UNITS),
    consumable("Coffee Beans", "CONS_COFFEE", 1800, 1100, UOM_KG),
    consumable("Screws", "CONS_SCREWS", 300, 120, UOM_DOZENS),
    Spec {
        categ: 6,
        sale_ok: false,
        ..service("Travel Expenses", "EXP_TRAVEL", 0, UOM_UNITS)
    },
    Spec {
        active: false,
        ..goods("Legacy Desk", "FURN_0000", 50000, 40000, "")
    },
];

/// Inserts the categories, templates and variants, and registers the products.
pub(crate) fn generate(ctx: &mut Ctx) {
    for &(id, name, parent) in CATEGORIES {
        let mut chain = vec![(id, name)];
        let mut current = parent;
        while let Some(p) = current.and_then(|p| CATEGORIES.iter().find(|c| c.0 == p)) {
            chain.push((p.0, p.1));
            current = p.2;
        }
        chain.reverse();
        let complete: Vec<&str> = chain.iter().map(|c| c.1).collect();
        let path: String = chain.iter().map(|c| format!("{}/", c.0)).collect();
        ctx.insert(
            "product.category",
            json!({"id": id, "name": name, "parent_id": parent, "complete_name": complete.join(" / "),
                   "parent_path": path, "property_cost_method": "standard", "property_valuation": "periodic"}),
        );
    }
    for (index, spec) in PRODUCTS.iter().enumerate() {
        let id = i64::try_from(index).unwrap_or(0) + 1;
        let code = if spec.code.is_empty() {
            None
        } else {
            Some(spec.code)
        };
        let barcode = if spec.barcode.is_empty() {
            None
        } else {
            Some(spec.barcode)
        };
        let price = super::ctx::money(spec.price);
        let cost = super::ctx::money(spec.cost);
        let description = (!spec.service && spec.price > 100_000)
            .then_some("<p>Premium quality, delivered assembled.</p>");
        ctx.insert(
            "product.template",
            json!({"id": id, "name": spec.name, "default_code": code, "type": if spec.service { "service" } else { "consu" },
                   "is_storable": !spec.service && spec.categ == 4, "list_price": price, "categ_id": spec.categ,
                   "uom_id": spec.uom, "uom_ids": [spec.uom], "sale_ok": spec.sale_ok, "purchase_ok": spec.purchase_ok,
                   "active": spec.active, "company_id": null, "tracking": "none", "service_tracking": "no",
                   "invoice_policy": if spec.service { "order" } else { "delivery" }, "sale_delay": 0,
                   "sequence": 1, "description_sale": description.map(|_| format!("{} — see the catalogue.", spec.name)),
                   "description": description, "taxes_id": [1], "supplier_taxes_id": [2], "is_favorite": false,
                   "weight": if spec.service { 0.0 } else { 2.5 }, "volume": 0.0, "color": 0,
                   "expense_policy": "no", "service_type": if spec.service { Some("manual") } else { None }}),
        );
        ctx.insert(
            "product.product",
            json!({"id": id, "product_tmpl_id": id, "default_code": code, "barcode": barcode, "active": spec.active,
                   "standard_price": cost, "is_favorite": false, "weight": if spec.service { 0.0 } else { 2.5 },
                   "volume": 0.0, "combination_indices": ""}),
        );
        if spec.active {
            ctx.pools.products.push(Product {
                id,
                name: spec.name,
                code: spec.code,
                price_cents: spec.price,
                cost_cents: spec.cost,
                uom: spec.uom,
                service: spec.service,
                sale_ok: spec.sale_ok,
                purchase_ok: spec.purchase_ok,
            });
        }
    }
}
