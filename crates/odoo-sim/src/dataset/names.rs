//! Word lists the generated records are made of: people, companies, addresses, jobs.
//!
//! No person's name or company name sorts before "Acme Corporation" and no company name
//! sorts after "Ready Mat" (except the recorded ones), so the recorded first pages of
//! partner searches stay the same at every scale.

/// First names (none starting with "A").
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Benjamin", "Bella", "Caroline", "Charles", "Chloe", "Daniel", "Diana", "Elena", "Ethan",
    "Fiona", "Felix", "Grace", "George", "Hannah", "Henry", "Isabel", "Isaac", "Jack", "Julia",
    "Kevin", "Laura", "Leo", "Lucas", "Maria", "Martin", "Nathan", "Nora", "Olivia", "Oliver",
    "Paul", "Priya", "Quentin", "Rachel", "Rohan", "Sarah", "Simon", "Sophie", "Thomas", "Tina",
    "Ulrich", "Valerie", "Victor", "Wendy", "William", "Xavier", "Yasmin", "Zoe", "Émile", "Léa",
    "Jürgen",
];

/// Family names.
pub(crate) const LAST_NAMES: &[&str] = &[
    "Anderson",
    "Baker",
    "Bennett",
    "Brooks",
    "Campbell",
    "Carter",
    "Clarke",
    "Collins",
    "Cooper",
    "Dupont",
    "Evans",
    "Fischer",
    "Foster",
    "Garcia",
    "Gray",
    "Hughes",
    "Janssens",
    "Kelly",
    "Kumar",
    "Lambert",
    "Lee",
    "Martin",
    "Mertens",
    "Miller",
    "Morris",
    "Müller",
    "Nguyen",
    "Parker",
    "Peeters",
    "Perez",
    "Reed",
    "Rivera",
    "Rossi",
    "Schneider",
    "Scott",
    "Shah",
    "Stewart",
    "Sullivan",
    "Taylor",
    "Turner",
    "Verhoeven",
    "Walker",
    "Ward",
    "Weber",
    "Wright",
    "Young",
];

/// First words of company names (B to P only).
pub(crate) const COMPANY_HEADS: &[&str] = &[
    "Blue Harbor",
    "Bright Path",
    "Cedar",
    "Crystal Bay",
    "Delta",
    "Eagle Rock",
    "Evergreen",
    "Falcon",
    "Global",
    "Granite",
    "Harbor View",
    "Horizon",
    "Iron Gate",
    "Jade",
    "Keystone",
    "Lakeside",
    "Maple Leaf",
    "Meridian",
    "Nova",
    "Northwind",
    "Oakridge",
    "Orion",
    "Pinecrest",
    "Pioneer",
];

/// Second words of company names.
pub(crate) const COMPANY_TAILS: &[&str] = &[
    "Logistics",
    "Furnishings",
    "Consulting",
    "Interiors",
    "Supplies",
    "Design",
    "Systems",
    "Trading",
    "Works",
    "Studio",
    "Hospitality",
    "Architects",
];

/// Legal suffixes, by country code.
pub(crate) fn company_suffix(country: &str) -> &'static str {
    match country {
        "US" | "CA" => " Inc",
        "GB" | "IE" | "IN" => " Ltd",
        "DE" | "AT" => " GmbH",
        "BE" | "FR" | "LU" | "ES" => " SA",
        "NL" => " BV",
        "IT" => " Srl",
        _ => "",
    }
}

/// Job titles of company contacts.
pub(crate) const FUNCTIONS: &[&str] = &[
    "Purchase Manager",
    "Sales Representative",
    "Chief Executive Officer",
    "Accountant",
    "Office Manager",
    "Chief Operations Officer",
    "Director",
    "Consultant",
    "Store Manager",
    "Marketing Manager",
    "Project Manager",
    "Facility Manager",
];

/// An address template per country: (country, state codes, cities with zip, streets, timezone).
pub(crate) struct Region {
    pub(crate) country: &'static str,
    pub(crate) states: &'static [&'static str],
    pub(crate) cities: &'static [(&'static str, &'static str)],
    pub(crate) streets: &'static [&'static str],
    pub(crate) tz: &'static str,
    pub(crate) phone: &'static str,
    /// Relative frequency of partners from this region.
    pub(crate) weight: u64,
}

/// Where generated partners live.
pub(crate) const REGIONS: &[Region] = &[
    Region {
        country: "US",
        states: &[
            "CA", "NY", "TX", "WA", "IL", "FL", "MA", "OR", "NV", "CO", "GA", "AZ",
        ],
        cities: &[
            ("Sacramento", "95814"),
            ("New York", "10001"),
            ("Austin", "73301"),
            ("Seattle", "98101"),
            ("Springfield", "62701"),
            ("Miami", "33101"),
            ("Boston", "02108"),
            ("Portland", "97201"),
            ("Reno", "89501"),
            ("Denver", "80202"),
            ("Atlanta", "30303"),
            ("Phoenix", "85001"),
        ],
        streets: &[
            "Main Street",
            "Oak Avenue",
            "Maple Drive",
            "Cedar Lane",
            "Park Boulevard",
            "Elm Street",
            "Lakeview Road",
        ],
        tz: "America/New_York",
        phone: "+1",
        weight: 40,
    },
    Region {
        country: "BE",
        states: &["BRU", "VAN", "WLG", "VOV", "WNA"],
        cities: &[
            ("Brussels", "1000"),
            ("Antwerpen", "2000"),
            ("Liège", "4000"),
            ("Gent", "9000"),
            ("Namur", "5000"),
        ],
        streets: &[
            "Rue de la Loi",
            "Avenue Louise",
            "Meir",
            "Rue Neuve",
            "Chaussée de Namur",
        ],
        tz: "Europe/Brussels",
        phone: "+32",
        weight: 12,
    },
    Region {
        country: "FR",
        states: &[],
        cities: &[("Paris", "75001"), ("Lyon", "69001"), ("Lille", "59000")],
        streets: &[
            "Rue de Rivoli",
            "Boulevard Haussmann",
            "Rue de la République",
        ],
        tz: "Europe/Paris",
        phone: "+33",
        weight: 8,
    },
    Region {
        country: "DE",
        states: &[],
        cities: &[
            ("Berlin", "10115"),
            ("München", "80331"),
            ("Hamburg", "20095"),
        ],
        streets: &["Hauptstraße", "Bahnhofstraße", "Gartenweg"],
        tz: "Europe/Berlin",
        phone: "+49",
        weight: 7,
    },
    Region {
        country: "GB",
        states: &[],
        cities: &[
            ("London", "EC1A 1BB"),
            ("Manchester", "M1 1AE"),
            ("Bristol", "BS1 4DJ"),
        ],
        streets: &["High Street", "Station Road", "Church Lane"],
        tz: "Europe/London",
        phone: "+44",
        weight: 7,
    },
    Region {
        country: "NL",
        states: &[],
        cities: &[
            ("Amsterdam", "1012 AB"),
            ("Rotterdam", "3011 AD"),
            ("Utrecht", "3511 AA"),
        ],
        streets: &["Kalverstraat", "Damrak", "Coolsingel"],
        tz: "Europe/Amsterdam",
        phone: "+31",
        weight: 5,
    },
    Region {
        country: "ES",
        states: &[],
        cities: &[("Madrid", "28001"), ("Barcelona", "08001")],
        streets: &["Calle Mayor", "Gran Vía"],
        tz: "Europe/Madrid",
        phone: "+34",
        weight: 4,
    },
    Region {
        country: "IT",
        states: &[],
        cities: &[("Roma", "00184"), ("Milano", "20121")],
        streets: &["Via Roma", "Corso Italia"],
        tz: "Europe/Rome",
        phone: "+39",
        weight: 4,
    },
    Region {
        country: "IN",
        states: &["MH", "KA"],
        cities: &[("Mumbai", "400001"), ("Bengaluru", "560001")],
        streets: &["MG Road", "Linking Road"],
        tz: "Asia/Kolkata",
        phone: "+91",
        weight: 5,
    },
    Region {
        country: "CA",
        states: &["ON", "QC"],
        cities: &[("Toronto", "M5H 2N2"), ("Montréal", "H2Y 1C6")],
        streets: &["King Street", "Rue Sainte-Catherine"],
        tz: "America/Toronto",
        phone: "+1",
        weight: 5,
    },
    Region {
        country: "RE",
        states: &[],
        cities: &[("Saint-Denis", "97400")],
        streets: &["Rue de Paris"],
        tz: "Indian/Reunion",
        phone: "+262",
        weight: 1,
    },
];
