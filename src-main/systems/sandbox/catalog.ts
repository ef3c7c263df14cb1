// Static vocabulary the sandbox generator draws from: the plant hierarchy,
// vendor names, the spare-parts catalog, equipment families and work-order
// templates. Data only; the generator decides how many of each to use.

export interface PlantSpec {
  code: string;
  name: string;
  areas: readonly (readonly [code: string, name: string, kind: 'AREA' | 'LINE'])[];
  stores: readonly (readonly [code: string, name: string])[];
}

export interface SiteSpec {
  code: string;
  name: string;
  timeZone: string;
  currency: string;
  plants: readonly PlantSpec[];
}

export const SITES: readonly SiteSpec[] = [
  {
    code: 'RVW',
    name: 'Riverside Works',
    timeZone: 'America/Chicago',
    currency: 'USD',
    plants: [
      {
        code: 'P1',
        name: 'Riverside Plant 1',
        areas: [
          ['PKA', 'Packaging Line A', 'LINE'],
          ['PKB', 'Packaging Line B', 'LINE'],
          ['MIX', 'Mixing & Batching', 'AREA'],
          ['BLR', 'Boiler House', 'AREA'],
        ],
        stores: [['ST1', 'Plant 1 Main Stores']],
      },
      {
        code: 'P2',
        name: 'Riverside Plant 2',
        areas: [
          ['EXT', 'Extrusion Line 1', 'LINE'],
          ['CMP', 'Compressor House', 'AREA'],
          ['WWT', 'Wastewater Treatment', 'AREA'],
        ],
        stores: [
          ['ST2', 'Plant 2 Stores'],
          ['MRO', 'Plant 2 MRO Crib'],
        ],
      },
    ],
  },
  {
    code: 'NGT',
    name: 'Northgate Facility',
    timeZone: 'America/Toronto',
    currency: 'CAD',
    plants: [
      {
        code: 'P1',
        name: 'Northgate Plant',
        areas: [
          ['BTL', 'Bottling Line 1', 'LINE'],
          ['UTL', 'Utilities', 'AREA'],
          ['DCK', 'Shipping Dock', 'AREA'],
        ],
        stores: [['STR', 'Northgate Stores']],
      },
    ],
  },
];

export const VENDOR_NAMES: readonly string[] = [
  'Apex Bearing Supply Co.',
  'Summit Industrial Electric',
  'Keystone Fluid Power',
  'Great Lakes Fastener',
  'Midwest Motor & Drive',
  'Delta Valve & Fitting',
  'Ironclad Safety Products',
  'Prairie Pump Services',
  'Northern Hydraulics Ltd.',
  'Precision Seal Technologies',
  'Blue River Lubricants',
  'Allied Conveyor Components',
  'Titan Compressed Air',
  'Cornerstone Instrumentation',
  'Redline Welding Supply',
  'Lakeshore Freight Logistics',
  'Maple Leaf Industrial Supply',
  'Northgate Electrical Contractors',
  'Evergreen Filtration',
  'Granite State Gaskets',
  'Pioneer Packaging Machinery',
  'Sterling Tool & Abrasives',
  'Vanguard Automation',
  'Copperline Cable & Wire',
  'Cascade Boiler Services',
  'Heritage Belting Co.',
  'Frontier PPE Distributors',
  'Atlas Calibration Labs',
  'Riverbend Janitorial Supply',
  'Quantum Sensor Systems',
];

/** For scales beyond the named vendors: "<prefix> <trade>" combinations. */
export const VENDOR_PREFIXES = ['Acme', 'Bedrock', 'Crestline', 'Dominion', 'Eastgate', 'Foundry', 'Gateway', 'Highland', 'Ironwood', 'Juniper', 'Kingsway', 'Lakeside', 'Meridian', 'Northstar', 'Oakridge', 'Pinnacle'] as const;
export const VENDOR_TRADES = ['Industrial Supply', 'Electric', 'Mechanical', 'Fluid Systems', 'Bearings', 'Controls', 'Fabrication', 'Safety', 'Hydraulics', 'Tooling'] as const;

export const CITIES_US = [
  ['Chicago', 'IL', '606'],
  ['Milwaukee', 'WI', '532'],
  ['Gary', 'IN', '464'],
  ['Toledo', 'OH', '436'],
  ['Peoria', 'IL', '616'],
  ['Rockford', 'IL', '611'],
  ['Detroit', 'MI', '482'],
] as const;
export const CITIES_CA = [
  ['Toronto', 'ON', 'M5V'],
  ['Hamilton', 'ON', 'L8P'],
  ['Windsor', 'ON', 'N9A'],
] as const;
export const STREETS = ['Industrial', 'Commerce', 'Mill', 'Foundry', 'Harbor', 'Railroad', 'Lake', 'Factory', 'Enterprise', 'Union'] as const;
export const STREET_KINDS = ['St', 'Ave', 'Rd', 'Blvd', 'Pkwy', 'Dr'] as const;
export const PAYMENT_TERMS = [
  ['NET30', 60],
  ['NET45', 15],
  ['NET60', 10],
  ['2/10 NET30', 15],
] as const;

export interface PartSpec {
  partNumber: string;
  description: string;
  uom: string;
  /** typical unit cost range in cents */
  costCents: readonly [number, number];
  category: string;
}

export const PARTS: readonly PartSpec[] = [
  { partNumber: 'BRG-6205-2RS', description: 'Deep groove ball bearing 6205-2RS, 25x52x15 mm', uom: 'EA', costCents: [850, 1800], category: 'Bearings' },
  { partNumber: 'BRG-22216-EK', description: 'Spherical roller bearing 22216 EK, tapered bore', uom: 'EA', costCents: [18500, 32000], category: 'Bearings' },
  { partNumber: 'SEAL-M7N-45', description: 'Mechanical seal M7N, 45 mm shaft', uom: 'EA', costCents: [42000, 68000], category: 'Seals' },
  { partNumber: 'ORING-KIT-V', description: 'Viton O-ring assortment kit, 382 pcs', uom: 'KIT', costCents: [6500, 9800], category: 'Seals' },
  { partNumber: 'BELT-B52', description: 'V-belt B52, classical wrapped', uom: 'EA', costCents: [1450, 2600], category: 'Power transmission' },
  { partNumber: 'BELT-5VX800', description: 'Cogged V-belt 5VX800', uom: 'EA', costCents: [2900, 4700], category: 'Power transmission' },
  { partNumber: 'CPL-JAW-L100', description: 'Jaw coupling element L100, NBR spider', uom: 'EA', costCents: [1200, 2400], category: 'Power transmission' },
  { partNumber: 'FLT-HYD-10M', description: 'Hydraulic return filter element, 10 micron', uom: 'EA', costCents: [3800, 7200], category: 'Filters' },
  { partNumber: 'FLT-AIR-2436', description: 'Pleated air filter 24x36x2, MERV 13', uom: 'EA', costCents: [1900, 3400], category: 'Filters' },
  { partNumber: 'FLT-CA-0042', description: 'Compressed air coalescing filter element', uom: 'EA', costCents: [8800, 14500], category: 'Filters' },
  { partNumber: 'LUB-EP2-400G', description: 'Lithium complex EP2 grease, 400 g cartridge', uom: 'EA', costCents: [650, 1100], category: 'Lubricants' },
  { partNumber: 'LUB-ISO68-20L', description: 'Hydraulic oil ISO VG 68, 20 L pail', uom: 'PAIL', costCents: [9500, 14800], category: 'Lubricants' },
  { partNumber: 'LUB-GEAR220-20L', description: 'Gear oil ISO VG 220, 20 L pail', uom: 'PAIL', costCents: [11800, 17900], category: 'Lubricants' },
  { partNumber: 'MTR-5HP-184T', description: 'TEFC motor 5 HP, 1800 rpm, 184T frame, 460 V', uom: 'EA', costCents: [62000, 98000], category: 'Motors' },
  { partNumber: 'MTR-15HP-254T', description: 'TEFC motor 15 HP, 1800 rpm, 254T frame, 460 V', uom: 'EA', costCents: [145000, 210000], category: 'Motors' },
  { partNumber: 'VFD-7.5HP-480', description: 'Variable frequency drive 7.5 HP, 480 V', uom: 'EA', costCents: [98000, 165000], category: 'Electrical' },
  { partNumber: 'FUSE-J-30A', description: 'Class J time-delay fuse, 30 A', uom: 'EA', costCents: [1400, 2600], category: 'Electrical' },
  { partNumber: 'CNT-40A-3P', description: 'IEC contactor 40 A, 3-pole, 120 V coil', uom: 'EA', costCents: [8500, 14000], category: 'Electrical' },
  { partNumber: 'SNS-PROX-M12', description: 'Inductive proximity sensor M12, PNP NO', uom: 'EA', costCents: [3200, 6400], category: 'Instrumentation' },
  { partNumber: 'SNS-PT-0-10B', description: 'Pressure transmitter 0-10 bar, 4-20 mA', uom: 'EA', costCents: [24000, 39000], category: 'Instrumentation' },
  { partNumber: 'GAU-PRS-160', description: 'Pressure gauge 0-160 psi, 2.5 in, liquid filled', uom: 'EA', costCents: [1800, 3500], category: 'Instrumentation' },
  { partNumber: 'VLV-BALL-2IN', description: 'Ball valve 2 in, 316 SS, full port', uom: 'EA', costCents: [9800, 16500], category: 'Valves' },
  { partNumber: 'VLV-CHK-3IN', description: 'Swing check valve 3 in, ductile iron', uom: 'EA', costCents: [21000, 34000], category: 'Valves' },
  { partNumber: 'GSK-FLG-4IN', description: 'Spiral wound flange gasket 4 in, class 150', uom: 'EA', costCents: [900, 1900], category: 'Seals' },
  { partNumber: 'CHN-80-10FT', description: 'Roller chain ANSI 80, 10 ft box', uom: 'BOX', costCents: [11000, 18500], category: 'Power transmission' },
  { partNumber: 'SPR-NOZ-FLAT', description: 'Flat fan spray nozzle, 316 SS', uom: 'EA', costCents: [1100, 2100], category: 'Spares' },
  { partNumber: 'PPE-GLV-CUT-L', description: 'Cut-resistant gloves A4, size L (12 pairs)', uom: 'PK', costCents: [3600, 5400], category: 'Safety' },
  { partNumber: 'PPE-EAR-200', description: 'Foam ear plugs, 200 pairs', uom: 'BOX', costCents: [2400, 3900], category: 'Safety' },
  { partNumber: 'TAPE-PTFE-12', description: 'PTFE thread seal tape 1/2 in, roll', uom: 'EA', costCents: [120, 350], category: 'Consumables' },
  { partNumber: 'ABR-FLAP-4.5', description: 'Flap disc 4.5 in, 60 grit', uom: 'EA', costCents: [450, 900], category: 'Consumables' },
];

/** Index into PARTS of the part the generator keeps out of stock (a mechanical seal: long lead time). */
export const OUT_OF_STOCK_PART_INDEX = 2;

export interface EquipmentSpec {
  tagPrefix: string;
  /** n is the group number shared by a parent and its children (P-101 → M-101). */
  name: (n: number) => string;
  makes: readonly (readonly [make: string, model: string])[];
}

export interface EquipmentGroup {
  parent: EquipmentSpec;
  children: readonly EquipmentSpec[];
  weight: number;
}

const motor: EquipmentSpec = {
  tagPrefix: 'M',
  name: (n) => `Drive Motor ${n}`,
  makes: [
    ['WEG', 'W22 15 HP 254T'],
    ['Baldor-Reliance', 'EM4115T'],
    ['Siemens', '1LE1003-1CB23'],
  ],
};

export const EQUIPMENT: readonly EquipmentGroup[] = [
  {
    parent: { tagPrefix: 'P', name: (n) => `Transfer Pump ${n}`, makes: [['Flowserve', 'Mark 3 ANSI 3x2-10'], ['Goulds', '3196 MTX'], ['Grundfos', 'NB 65-250']] },
    children: [motor],
    weight: 4,
  },
  {
    parent: { tagPrefix: 'CV', name: (n) => `Belt Conveyor ${n}`, makes: [['Hytrol', 'E24'], ['Dorner', '3200 Series']] },
    children: [{ tagPrefix: 'GB', name: (n) => `Conveyor Gearbox ${n}`, makes: [['SEW-Eurodrive', 'K57'], ['Nord', 'SK 9032.1']] }, motor],
    weight: 3,
  },
  {
    parent: { tagPrefix: 'AC', name: (n) => `Air Compressor ${n}`, makes: [['Atlas Copco', 'GA 37 VSD+'], ['Ingersoll Rand', 'R37n']] },
    children: [{ tagPrefix: 'AD', name: (n) => `Refrigerated Air Dryer ${n}`, makes: [['Atlas Copco', 'FD 120']] }],
    weight: 2,
  },
  {
    parent: { tagPrefix: 'B', name: (n) => `Steam Boiler ${n}`, makes: [['Cleaver-Brooks', 'CBEX Elite 200']] },
    children: [
      { tagPrefix: 'BR', name: (n) => `Boiler Burner ${n}`, makes: [['Cleaver-Brooks', 'ProFire V']] },
      { tagPrefix: 'FP', name: (n) => `Boiler Feed Pump ${n}`, makes: [['Grundfos', 'CR 10-12']] },
    ],
    weight: 1,
  },
  {
    parent: { tagPrefix: 'AG', name: (n) => `Batch Mixer ${n}`, makes: [['SPX Flow', 'Lightnin LB2']] },
    children: [motor],
    weight: 2,
  },
  {
    parent: { tagPrefix: 'CP', name: (n) => `Case Packer ${n}`, makes: [['Douglas Machines', 'Axiom'], ['Krones', 'Variopac Pro']] },
    children: [],
    weight: 2,
  },
  {
    parent: { tagPrefix: 'AHU', name: (n) => `Air Handling Unit ${n}`, makes: [['Trane', 'Performance Climate Changer']] },
    children: [{ tagPrefix: 'FM', name: (n) => `Supply Fan Motor ${n}`, makes: [['WEG', 'W22 10 HP 215T']] }],
    weight: 1,
  },
  {
    parent: { tagPrefix: 'FL', name: (n) => `Forklift ${n}`, makes: [['Toyota', '8FGCU25'], ['Hyster', 'H50FT']] },
    children: [],
    weight: 1,
  },
];

export const TECHNICIANS = ['j.ortiz', 'm.chen', 'a.okafor', 'r.singh', 'k.novak', 'd.brennan', 's.haddad', 'l.moreau'] as const;
export const REQUESTERS = ['line.lead.a', 'line.lead.b', 'ops.supervisor', 'ehs.coordinator', 'shift.operator'] as const;
export const BUYERS = ['j.alvarez', 'p.kowalski', 't.nguyen', 's.mbeki'] as const;
export const COST_CENTERS = ['CC-4100', 'CC-4200', 'CC-5150', 'CC-6100', 'CC-7300'] as const;

/** Work-order title templates per sandbox work type; `asset` ones need an asset, `location` ones a location only. */
export const WORK_TEMPLATES: Record<string, { asset: readonly string[]; location: readonly string[] }> = {
  CM: {
    asset: ['Mechanical seal leaking on {tag}', 'Excessive vibration on {tag}', 'Bearing noise reported on {tag}', '{name} tripping on overload', 'Replace worn coupling element on {tag}', 'Oil leak at {tag}'],
    location: ['Repair damaged door seal in {location}'],
  },
  EM: {
    asset: ['EMERGENCY: {name} down, production stopped', 'EMERGENCY: {tag} failed to start'],
    location: [],
  },
  PM: {
    asset: ['Quarterly lubrication - {tag}', 'Monthly PM - {name}', 'Replace filters - {tag}', 'Annual overhaul - {name}', 'Check belt tension and alignment - {tag}'],
    location: [],
  },
  PDM: {
    asset: ['Vibration analysis route - {tag}', 'Infrared thermography - {tag}', 'Oil analysis sample - {tag}'],
    location: [],
  },
  INSP: {
    asset: ['Safety guard inspection - {tag}'],
    location: ['Monthly fire extinguisher inspection - {location}', 'Lockout/tagout audit - {location}', 'Eyewash station weekly check - {location}'],
  },
  PROJ: {
    asset: [],
    location: ['Install new guard rail at {location}', 'Relocate compressed air drop in {location}', 'Repaint floor markings in {location}'],
  },
};

export const SERVICE_LINES = [
  { description: 'Field service technician, standard rate', uom: 'HR', qty: [2, 16], costCents: [9500, 16500] },
  { description: 'Freight and handling', uom: 'LOT', qty: [1, 1], costCents: [4500, 38000] },
  { description: 'Vibration analysis service visit', uom: 'EA', qty: [1, 2], costCents: [85000, 140000] },
  { description: 'Motor rewind service', uom: 'EA', qty: [1, 1], costCents: [120000, 310000] },
] as const;
