//! The partners of the recorded demo database (`/work/shared/odoo-protocol/samples`), with
//! the same ids, names and emails, so sample-like queries give the recorded answers.
//!
//! At scale 0 these are all the partners: the admin then sees 42 of them (12 companies),
//! as on the recording; company-2 and archived partners make up the rest.

use serde_json::{Value, json};

use super::ctx::{Ctx, Customer};

/// One recorded partner; empty strings and zeros mean "not set".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Core {
    pub(crate) id: i64,
    pub(crate) name: &'static str,
    pub(crate) parent: i64,
    pub(crate) is_company: bool,
    pub(crate) email: &'static str,
    pub(crate) phone: &'static str,
    pub(crate) street: &'static str,
    pub(crate) city: &'static str,
    pub(crate) zip: &'static str,
    pub(crate) state: &'static str,
    pub(crate) country: &'static str,
    pub(crate) company_id: i64,
    pub(crate) active: bool,
    pub(crate) tags: &'static [i64],
    pub(crate) function: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) website: &'static str,
    pub(crate) vat: &'static str,
    pub(crate) customer_rank: i64,
    pub(crate) supplier_rank: i64,
    pub(crate) tz: &'static str,
    pub(crate) salesperson: i64,
    /// Whether the partner belongs to a user (not a customer).
    pub(crate) internal: bool,
}

const BASE: Core = Core {
    id: 0,
    name: "",
    parent: 0,
    is_company: false,
    email: "",
    phone: "",
    street: "",
    city: "",
    zip: "",
    state: "",
    country: "",
    company_id: 0,
    active: true,
    tags: &[],
    function: "",
    kind: "contact",
    website: "",
    vat: "",
    customer_rank: 0,
    supplier_rank: 0,
    tz: "America/Los_Angeles",
    salesperson: 0,
    internal: false,
};

const fn contact(
    id: i64,
    name: &'static str,
    parent: i64,
    email: &'static str,
    function: &'static str,
) -> Core {
    Core {
        id,
        name,
        parent,
        email,
        function,
        customer_rank: 1,
        ..BASE
    }
}

/// The recorded partners, parents before their contacts.
pub(crate) const CORE: &[Core] = &[
    Core {
        id: 1,
        name: "My Company (San Francisco)",
        is_company: true,
        email: "info@yourcompany.com",
        phone: "+1 555-555-5556",
        street: "250 Executive Park Blvd, Suite 3400",
        city: "San Francisco",
        zip: "94134",
        state: "CA",
        country: "US",
        company_id: 1,
        website: "http://www.example.com",
        internal: true,
        ..BASE
    },
    Core {
        id: 2,
        name: "OdooBot",
        email: "odoobot@example.com",
        active: false,
        internal: true,
        tz: "Europe/Brussels",
        ..BASE
    },
    Core {
        id: 3,
        name: "Mitchell Admin",
        parent: 1,
        email: "admin@example.com",
        phone: "+1 555-555-5555",
        function: "Chief Executive Officer",
        company_id: 1,
        internal: true,
        tz: "Europe/Brussels",
        ..BASE
    },
    Core {
        id: 4,
        name: "Public user",
        active: false,
        company_id: 1,
        internal: true,
        ..BASE
    },
    Core {
        id: 5,
        name: "Default User Template",
        active: false,
        company_id: 1,
        internal: true,
        ..BASE
    },
    Core {
        id: 6,
        name: "Marc Demo",
        parent: 1,
        email: "mark.brown23@example.com",
        phone: "(441)-695-2334",
        function: "Sales Representative",
        company_id: 1,
        internal: true,
        ..BASE
    },
    Core {
        id: 7,
        name: "My Company (Chicago)",
        is_company: true,
        email: "chicago@yourcompany.com",
        phone: "+1 312-555-0134",
        street: "1 N State St",
        city: "Chicago",
        zip: "60602",
        state: "IL",
        country: "US",
        company_id: 2,
        internal: true,
        tz: "America/Chicago",
        ..BASE
    },
    Core {
        id: 8,
        name: "Wood Corner",
        is_company: true,
        email: "wood.corner26@example.com",
        phone: "(623)-853-7197",
        street: "1839 Arbor Way",
        city: "Turlock",
        zip: "95380",
        state: "CA",
        country: "US",
        tags: &[7, 6],
        website: "http://www.wood-corner.com",
        vat: "US12345672",
        customer_rank: 3,
        supplier_rank: 1,
        salesperson: 5,
        ..BASE
    },
    Core {
        id: 9,
        name: "Acme Corporation",
        is_company: true,
        email: "acme_corp@yourcompany.example.com",
        phone: "(408)-555-0192",
        street: "3404 Edgewood Road",
        city: "San Jose",
        zip: "95112",
        state: "CA",
        country: "US",
        tags: &[7],
        website: "http://www.acme-corp.example.com",
        customer_rank: 4,
        salesperson: 2,
        ..BASE
    },
    Core {
        id: 10,
        name: "Gemini Furniture",
        is_company: true,
        email: "gemini.furniture39@example.com",
        phone: "(941)-284-4875",
        street: "317 Fairchild Dr",
        city: "Fairfield",
        zip: "94535",
        state: "CA",
        country: "US",
        tags: &[9],
        website: "http://www.gemini-furniture.com",
        vat: "US45678923",
        customer_rank: 5,
        salesperson: 5,
        ..BASE
    },
    Core {
        id: 11,
        name: "Ready Mat",
        is_company: true,
        email: "ready.mat28@example.com",
        phone: "(803)-873-6126",
        street: "7500 W Linne Road",
        city: "Tracy",
        zip: "95304",
        state: "CA",
        country: "US",
        tags: &[7, 6],
        website: "http://www.ready-mat.com",
        customer_rank: 2,
        salesperson: 5,
        ..BASE
    },
    Core {
        id: 12,
        name: "Lumber Inc",
        is_company: true,
        email: "lumber-inv92@example.com",
        phone: "(828)-316-0593",
        street: "1337 N San Joaquin St",
        city: "Stockton",
        zip: "95202",
        state: "CA",
        country: "US",
        tags: &[4],
        website: "http://www.lumber-inc.com",
        supplier_rank: 3,
        ..BASE
    },
    Core {
        id: 13,
        name: "Deco Addict",
        is_company: true,
        email: "deco.addict82@example.com",
        phone: "(603)-996-3829",
        street: "77 Santa Barbara Rd",
        city: "Pleasant Hill",
        zip: "94523",
        state: "CA",
        country: "US",
        tags: &[5],
        website: "http://www.deco-addict.com",
        customer_rank: 2,
        salesperson: 6,
        ..BASE
    },
    Core {
        id: 14,
        name: "The Jackson Group",
        is_company: true,
        email: "jackson.group82@example.com",
        phone: "(334)-502-1024",
        street: "1611 Peony Dr",
        city: "Tracy",
        zip: "95377",
        state: "CA",
        country: "US",
        website: "http://www.jacksongroup.com",
        customer_rank: 1,
        salesperson: 2,
        ..BASE
    },
    Core {
        id: 15,
        name: "Azure Interior",
        is_company: true,
        email: "azure.Interior24@example.com",
        phone: "(870)-931-0505",
        street: "4557 De Silva St",
        city: "Fremont",
        zip: "94538",
        state: "CA",
        country: "US",
        tags: &[2],
        website: "http://www.azure-interior.com",
        vat: "US98765431",
        customer_rank: 3,
        salesperson: 2,
        ..BASE
    },
    Core {
        id: 16,
        name: "Bright Wave Studio",
        is_company: true,
        email: "hello@brightwave.example.com",
        phone: "(510)-555-0147",
        street: "2201 Broadway",
        city: "Oakland",
        zip: "94612",
        state: "CA",
        country: "US",
        tags: &[14],
        customer_rank: 1,
        salesperson: 6,
        ..BASE
    },
    contact(
        17,
        "Willie Burke",
        8,
        "willie.burke80@example.com",
        "Service Manager",
    ),
    contact(18, "Ron Gibson", 8, "ron.gibson76@example.com", "Director"),
    contact(
        19,
        "Douglas Fletcher",
        9,
        "douglas.fletcher51@example.com",
        "Functional Consultant",
    ),
    contact(
        20,
        "Floyd Steward",
        9,
        "floyd.steward34@example.com",
        "Analyst",
    ),
    contact(
        21,
        "Edwin Hansen",
        10,
        "edwin.hansen58@example.com",
        "Marketing Manager",
    ),
    contact(
        22,
        "Billy Fox",
        11,
        "billy.fox45@example.com",
        "Production Supervisor",
    ),
    contact(
        23,
        "Soham Palmer",
        13,
        "soham.palmer15@example.com",
        "Purchase Manager",
    ),
    contact(
        24,
        "Oscar Morgan",
        10,
        "oscar.morgan11@example.com",
        "Order Clerk",
    ),
    contact(
        25,
        "Julie Richards",
        11,
        "julie.richards84@example.com",
        "Financial Manager",
    ),
    contact(
        26,
        "Edith Sanchez",
        11,
        "edith.sanchez68@example.com",
        "Store Manager",
    ),
    contact(
        27,
        "Brandon Freeman",
        15,
        "brandon.freeman55@example.com",
        "Creative Director",
    ),
    contact(
        28,
        "Nicole Ford",
        15,
        "nicole.ford75@example.com",
        "Director",
    ),
    contact(
        29,
        "Toni Rhodes",
        14,
        "toni.rhodes11@example.com",
        "Managing Partner",
    ),
    contact(
        30,
        "Gordon Owens",
        14,
        "gordon.owens47@example.com",
        "Sales Manager",
    ),
    contact(
        31,
        "Sandra Neal",
        11,
        "sandra.neal80@example.com",
        "Sales Manager",
    ),
    contact(
        32,
        "Lorraine Douglas",
        12,
        "lorraine.douglas35@example.com",
        "Chief Operations Officer",
    ),
    contact(
        33,
        "Tom Ruiz",
        8,
        "tom.ruiz89@example.com",
        "Software Developer",
    ),
    contact(
        34,
        "Colleen Diaz",
        15,
        "colleen.diaz83@example.com",
        "Business Executive",
    ),
    contact(
        35,
        "Travis Mendoza",
        13,
        "travis.mendoza24@example.com",
        "Knowledge Manager",
    ),
    contact(
        36,
        "Addison Olson",
        9,
        "addison.olson28@example.com",
        "Chief Purchasing Officer",
    ),
    contact(
        37,
        "Kim Snyder",
        11,
        "kim.snyder96@example.com",
        "Senior Consultant",
    ),
    contact(
        38,
        "Jesse Brown",
        11,
        "jesse.brown74@example.com",
        "Senior Consultant",
    ),
    contact(
        39,
        "Theodore Gardner",
        11,
        "theodore.gardner36@example.com",
        "Accountant",
    ),
    contact(
        40,
        "Chester Reed",
        16,
        "chester.reed79@example.com",
        "Chief Executive Officer",
    ),
    Core {
        id: 41,
        name: "Joel Willis",
        parent: 1,
        email: "joel.willis63@example.com",
        phone: "(683)-556-5104",
        function: "Sales Representative",
        company_id: 1,
        internal: true,
        ..BASE
    },
    Core {
        id: 42,
        name: "Reader User",
        email: "reader@yourcompany.example.com",
        company_id: 1,
        internal: true,
        ..BASE
    },
    Core {
        id: 43,
        name: "Dwayne Newman",
        email: "dwayne.newman28@example.com",
        phone: "(312)-555-0187",
        street: "233 S Wacker Dr",
        city: "Chicago",
        zip: "60606",
        state: "IL",
        country: "US",
        company_id: 2,
        customer_rank: 1,
        tz: "America/Chicago",
        ..BASE
    },
    Core {
        id: 44,
        name: "Ernest Reed",
        email: "ernest.reed52@example.com",
        phone: "(209)-555-0110",
        street: "88 Pine St",
        city: "Modesto",
        zip: "95354",
        state: "CA",
        country: "US",
        active: false,
        customer_rank: 1,
        ..BASE
    },
    Core {
        id: 45,
        name: "Jeff Lawson",
        parent: 7,
        email: "jeff.lawson41@example.com",
        function: "Office Manager",
        ..BASE
    },
    Core {
        id: 46,
        name: "Rita Garcia",
        parent: 12,
        email: "rita.garcia19@example.com",
        function: "Accountant",
        kind: "invoice",
        active: false,
        ..BASE
    },
    Core {
        id: 47,
        name: "Frank Baker",
        parent: 10,
        email: "frank.baker62@example.com",
        function: "Warehouse Supervisor",
        kind: "delivery",
        street: "40 Cordelia Rd",
        city: "Fairfield",
        zip: "94534",
        state: "CA",
        country: "US",
        ..BASE
    },
    Core {
        id: 48,
        name: "Nina Patel",
        street: "12 Marine Drive",
        city: "Mumbai",
        zip: "400020",
        state: "MH",
        country: "IN",
        customer_rank: 1,
        tz: "Asia/Kolkata",
        ..BASE
    },
    Core {
        id: 49,
        name: "Dubois & Fils",
        is_company: true,
        email: "info@dubois-fils.example.com",
        phone: "+32 2 555 12 34",
        street: "Rue de la Loi 42",
        city: "Brussels",
        zip: "1000",
        state: "BRU",
        country: "BE",
        tags: &[1],
        vat: "BE0477472701",
        customer_rank: 2,
        tz: "Europe/Brussels",
        salesperson: 2,
        ..BASE
    },
    Core {
        id: 50,
        name: "Emma Schmidt",
        email: "emma.schmidt17@example.com",
        phone: "+49 30 5550 1234",
        street: "Friedrichstraße 123",
        city: "Berlin",
        zip: "10117",
        country: "DE",
        company_id: 2,
        customer_rank: 1,
        tz: "Europe/Berlin",
        ..BASE
    },
    Core {
        id: 51,
        name: "Old Timber Ltd",
        is_company: true,
        email: "contact@oldtimber.example.com",
        street: "14 Mill Lane",
        city: "Leeds",
        zip: "LS1 4AB",
        country: "GB",
        active: false,
        supplier_rank: 1,
        tz: "Europe/London",
        ..BASE
    },
    Core {
        id: 52,
        name: "Pacific Ventures",
        is_company: true,
        customer_rank: 1,
        tags: &[3],
        ..BASE
    },
    Core {
        id: 53,
        name: "Chicago Steel Works",
        is_company: true,
        email: "sales@chicagosteel.example.com",
        phone: "(773)-555-0166",
        street: "4500 S Kedzie Ave",
        city: "Chicago",
        zip: "60632",
        state: "IL",
        country: "US",
        company_id: 2,
        supplier_rank: 2,
        customer_rank: 1,
        tz: "America/Chicago",
        ..BASE
    },
];

fn find(id: i64) -> Option<&'static Core> {
    CORE.iter().find(|c| c.id == id)
}

fn text(value: &str) -> Value {
    if value.is_empty() {
        Value::Null
    } else {
        Value::from(value)
    }
}

fn id_or_null(id: i64) -> Value {
    if id == 0 {
        Value::Null
    } else {
        Value::from(id)
    }
}

/// Inserts the recorded partners and registers the customers and vendors among them.
pub(crate) fn generate(ctx: &mut Ctx) {
    for core in CORE {
        let parent = find(core.parent);
        // Contacts share their company's address and company unless they have their own.
        let addr = match parent {
            Some(p) if core.street.is_empty() && core.city.is_empty() => p,
            _ => core,
        };
        let company_id = parent.map_or(core.company_id, |p| {
            if core.company_id == 0 {
                p.company_id
            } else {
                core.company_id
            }
        });
        let complete_name = parent.map_or_else(
            || core.name.to_owned(),
            |p| format!("{}, {}", p.name, core.name),
        );
        let commercial = if core.is_company || parent.is_none() {
            core.id
        } else {
            core.parent
        };
        let commercial_name = find(commercial).filter(|c| c.is_company).map(|c| c.name);
        ctx.insert(
            "res.partner",
            json!({
                "id": core.id, "name": core.name, "complete_name": complete_name, "parent_id": id_or_null(core.parent),
                "is_company": core.is_company, "type": core.kind, "active": core.active,
                "email": text(core.email), "email_normalized": text(&core.email.to_lowercase()), "phone": text(core.phone),
                "street": text(addr.street), "city": text(addr.city), "zip": text(addr.zip),
                "state_id": if addr.state.is_empty() { Value::Null } else { ctx.state(addr.country, addr.state) },
                "country_id": if addr.country.is_empty() { Value::Null } else { ctx.country(addr.country) },
                "company_id": id_or_null(company_id), "category_id": core.tags, "function": text(core.function),
                "website": text(core.website), "vat": text(core.vat), "customer_rank": core.customer_rank,
                "supplier_rank": core.supplier_rank, "lang": "en_US", "tz": core.tz, "user_id": id_or_null(core.salesperson),
                "commercial_partner_id": commercial, "commercial_company_name": commercial_name,
                "partner_share": !core.internal, "employee": core.internal && core.active, "autopost_bills": "ask",
                "color": 0,
            }),
        );
    }
    register_pools(ctx);
}

fn register_pools(ctx: &mut Ctx) {
    for core in CORE
        .iter()
        .filter(|c| c.active && !c.internal && c.parent == 0)
    {
        let children = || CORE.iter().filter(move |c| c.parent == core.id && c.active);
        let invoice = children()
            .find(|c| c.kind == "invoice")
            .map_or(core.id, |c| c.id);
        let delivery = children()
            .find(|c| c.kind == "delivery")
            .map_or(core.id, |c| c.id);
        let customer = Customer {
            id: core.id,
            company: (core.company_id != 0).then_some(core.company_id),
            invoice,
            delivery,
            name: core.name.to_owned(),
        };
        if core.supplier_rank > 0 {
            ctx.pools.vendors.push(customer.clone());
        }
        if core.customer_rank > 0 {
            ctx.pools.customers.push(customer);
        }
    }
}
