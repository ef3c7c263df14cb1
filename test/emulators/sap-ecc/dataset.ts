// The SAP ECC emulator's database: transparent tables as the DDIC defines them
// (field lengths matter: RFC_READ_TABLE rows are cut by them), rows sorted by
// primary key, plus the few hidden columns (prefixed "_") that the BAPIs read
// from tables the emulator does not model (ILOA, AFIH, EKPO history…).
// Deterministic from (seed, size); 100,000 orders build in well under a second.
import { Rng } from '../../../src-main/systems/sandbox/prng.js';

export type Row = Record<string, string>;
export interface FieldDef { name: string; length: number; type: 'C' | 'N' | 'D' | 'P' | 'F' }

export class Table {
  readonly fieldMap: Map<string, FieldDef>;
  private readonly rows = new Map<string, Row>();
  private sorted: string[] | null = null;

  constructor(readonly name: string, readonly key: string[], readonly fields: FieldDef[]) {
    this.fieldMap = new Map(fields.map((f) => [f.name, f]));
  }

  keyOf(row: Row): string {
    return this.key.map((k) => (row[k] ?? '').padEnd(this.fieldMap.get(k)!.length, ' ')).join('');
  }

  put(row: Row): void {
    const k = this.keyOf(row);
    if (!this.rows.has(k)) this.sorted = null;
    this.rows.set(k, row);
  }

  get(...key: string[]): Row | undefined {
    return this.rows.get(this.keyOf(Object.fromEntries(this.key.map((k, i) => [k, key[i]]))));
  }

  delete(row: Row): void {
    if (this.rows.delete(this.keyOf(row))) this.sorted = null;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Rows in primary-key order (what a SELECT without ORDER BY returns on these tables). */
  keys(): string[] {
    this.sorted ??= [...this.rows.keys()].sort();
    return this.sorted;
  }

  rowAt(key: string): Row {
    return this.rows.get(key)!;
  }

  all(): Row[] {
    return this.keys().map((k) => this.rows.get(k)!);
  }
}

const c = (name: string, length: number): FieldDef => ({ name, length, type: 'C' });
const n = (name: string, length: number): FieldDef => ({ name, length, type: 'N' });
const d = (name: string): FieldDef => ({ name, length: 8, type: 'D' });
const p = (name: string, length = 17): FieldDef => ({ name, length, type: 'P' });
/** FLTP: RFC_READ_TABLE writes it in ABAP's exponent form ("7.1000000000000000E+00"), 22 characters. */
const f = (name: string): FieldDef => ({ name, length: 22, type: 'F' });

/** A number as ABAP writes a FLTP field: mantissa with 16 decimals, exponent with sign and two digits. */
export function fltp(value: number): string {
  if (value === 0) return '0.0000000000000000E+00';
  const [m, e] = value.toExponential(16).split('e');
  const exp = Number(e);
  return `${m}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** SI factor of the units the emulator uses (T006: the SI unit of H is S, of MMS is M/S). */
const SI_FACTOR: Record<string, number> = { H: 3600, MMS: 0.001 };

export interface PoItem {
  EBELP: string; LOEKZ: string; TXZ01: string; MATNR: string; WERKS: string; LGORT: string; MENGE: string; MEINS: string;
  NETPR: string; PEINH: string; ELIKZ: string; EINDT: string; WEMNG: string;
}

export interface EccSize {
  workOrders?: number; purchaseOrders?: number; assets?: number; vendors?: number; materials?: number; plants?: number;
  meteredEvery?: number; readingsPerPoint?: number; notifications?: number; plans?: number; requisitions?: number;
}

export class EccDatabase {
  readonly T001W = new Table('T001W', ['WERKS'], [c('WERKS', 4), c('NAME1', 30), c('ORT01', 25), c('LAND1', 3)]);
  readonly T001L = new Table('T001L', ['WERKS', 'LGORT'], [c('WERKS', 4), c('LGORT', 4), c('LGOBE', 16)]);
  readonly LFA1 = new Table('LFA1', ['LIFNR'], [
    c('LIFNR', 10), c('LAND1', 3), c('NAME1', 35), c('NAME2', 35), c('ORT01', 35), c('PSTLZ', 10), c('STRAS', 35), c('TELF1', 16),
    c('ADRNR', 10), c('KTOKK', 4), c('SPERR', 1), c('SPERM', 1), c('LOEVM', 1), d('ERDAT'), c('ERNAM', 12), c('STCEG', 20),
    c('SORTL', 10), c('BEGRU', 4), c('KONZS', 10), c('LNRZA', 10), c('ZZ_RATING', 1), c('ZZ_CERTIFIED', 1),
    // the real LFA1 is far wider than 512 characters; these make "all fields" overflow as it does there
    c('STENR', 18), c('STCD1', 16), c('STCD2', 11), c('XCPDK', 1), c('DLGRP', 4), c('J_1KFREPRE', 10), c('J_1KFTBUS', 30), c('J_1KFTIND', 30),
    c('NAME3', 35), c('NAME4', 35), c('ORT02', 35), c('PFACH', 10), c('PSTL2', 10), c('REGIO', 3), c('TELF2', 16), c('TELFX', 31),
  ]);
  readonly ADR6 = new Table('ADR6', ['ADDRNUMBER', 'CONSNUMBER'], [c('ADDRNUMBER', 10), n('CONSNUMBER', 3), c('SMTP_ADDR', 241), c('FLGDEFAULT', 1)]);
  readonly MARA = new Table('MARA', ['MATNR'], [
    c('MATNR', 18), d('ERSDA'), d('LAEDA'), c('MTART', 4), c('MATKL', 9), c('MEINS', 3), c('LVORM', 1), c('MSTAE', 2), c('ZZ_HAZMAT', 1), c('ZZ_CRITICAL_SPARE', 1),
  ]);
  readonly MAKT = new Table('MAKT', ['MATNR', 'SPRAS'], [c('MATNR', 18), c('SPRAS', 1), c('MAKTX', 40)]);
  readonly MARD = new Table('MARD', ['MATNR', 'WERKS', 'LGORT'], [
    c('MATNR', 18), c('WERKS', 4), c('LGORT', 4), c('LVORM', 1), p('LABST'), p('INSME'), p('SPEME'), c('LGPBE', 10),
  ]);
  readonly EQUI = new Table('EQUI', ['EQUNR'], [
    c('EQUNR', 18), d('ERDAT'), d('AEDAT'), c('EQTYP', 1), c('EQART', 10), c('OBJNR', 22), c('HERST', 30), c('TYPBZ', 20), c('SERGE', 30),
    c('BAUJJ', 4), c('ZZ_CRITICALITY', 1),
  ]);
  readonly EQKT = new Table('EQKT', ['EQUNR', 'SPRAS'], [c('EQUNR', 18), c('SPRAS', 1), c('EQKTX', 40)]);
  readonly JEST = new Table('JEST', ['OBJNR', 'STAT'], [c('OBJNR', 22), c('STAT', 5), c('INACT', 1), n('CHGNR', 3)]);
  readonly EKKO = new Table('EKKO', ['EBELN'], [
    c('EBELN', 10), c('BUKRS', 4), c('BSTYP', 1), c('BSART', 4), c('LOEKZ', 1), d('AEDAT'), c('ERNAM', 12), c('LIFNR', 10), c('EKORG', 4),
    c('EKGRP', 3), c('WAERS', 5), d('BEDAT'), c('FRGKE', 1), c('FRGZU', 8), c('MEMORY', 1), c('ZZ_PROJECT', 12),
  ]);
  readonly AUFK = new Table('AUFK', ['AUFNR'], [
    c('AUFNR', 12), c('AUART', 4), c('AUTYP', 2), c('KTEXT', 40), c('WERKS', 4), d('ERDAT'), c('ERNAM', 12), d('AEDAT'), c('AENAM', 12),
    c('OBJNR', 22), c('LOEKZ', 1), c('ZZ_SAFETY', 10),
  ]);
  // ---- the plant: measuring points and documents, notifications (the view VIQMEL over QMEL/QMIH/ILOA),
  // maintenance plans (MPLA, items MPOS, cycles MMPT, calls MHIS), purchase requisitions (EBAN) [K]
  readonly IMPTT = new Table('IMPTT', ['POINT'], [
    c('POINT', 12), c('MPOBJ', 22), c('PSORT', 20), c('PTTXT', 40), c('MPTYP', 1), c('INDCT', 1), c('CDSUF', 1), c('MRNGU', 3), c('CODGR', 8), c('CODCT', 1),
    c('INACT', 1), c('LVORM', 1), d('ERDAT'), d('AEDAT'), f('DESIR'), c('DESIRI', 1), f('MRMAX'), c('MRMAXI', 1),
  ]);
  readonly IMRG = new Table('IMRG', ['MDOCM'], [
    c('MDOCM', 20), c('POINT', 12), d('IDATE'), c('ITIME', 6), c('CNTRG', 1), c('MDTXT', 40), c('READR', 12), d('ERDAT'), c('ERNAM', 12), d('AEDAT'), c('LVORM', 1),
    f('READG'), c('READGI', 1), f('CNTRR'), c('CNTRRI', 1), f('RECDV'), c('RECDVI', 1), c('RECDU', 3), c('IDIFF', 1), c('CODCT', 1), c('CODGR', 8), c('VLCOD', 4), c('CANCL', 1),
  ]);
  readonly VIQMEL = new Table('VIQMEL', ['QMNUM'], [
    c('QMNUM', 12), c('QMTYP', 2), c('QMART', 2), c('QMTXT', 40), c('PRIOK', 1), c('QMNAM', 12), d('QMDAT'), c('MZEIT', 6), d('ERDAT'), d('AEDAT'), c('AUFNR', 12),
    c('EQUNR', 18), c('TPLNR', 30), c('IWERK', 4), c('OBJNR', 22), c('INDTX', 1),
  ]);
  readonly MPLA = new Table('MPLA', ['WARPL'], [c('WARPL', 12), c('WPTXT', 40), c('MPTYP', 2), c('STRAT', 6), d('ERSDT'), d('AEDAT'), c('OBJNR', 22)]);
  readonly MPOS = new Table('MPOS', ['WAPOS'], [c('WAPOS', 16), c('WARPL', 12), c('EQUNR', 18), c('TPLNR', 30), c('IWERK', 4), c('PSTXT', 40)]);
  readonly MMPT = new Table('MMPT', ['WARPL', 'NUMMER'], [c('WARPL', 12), c('NUMMER', 2), f('ZYKL1'), c('ZEIEH', 3), c('POINT', 12)]);
  readonly MHIS = new Table('MHIS', ['WARPL', 'ABNUM'], [c('WARPL', 12), n('ABNUM', 5), d('NPLDA'), d('HORDA'), c('AUFNR', 12)]);
  readonly EBAN = new Table('EBAN', ['BANFN', 'BNFPO'], [
    c('BANFN', 10), c('BNFPO', 5), c('BSART', 4), c('LOEKZ', 1), c('STATU', 1), c('FRGKZ', 1), c('FRGZU', 8), c('ERNAM', 12), c('AFNAM', 12), d('BADAT'),
    c('TXZ01', 40), c('MATNR', 18), c('WERKS', 4), c('LGORT', 4), p('MENGE'), c('MEINS', 3), p('PREIS'), p('PEINH', 5), c('WAERS', 5), d('LFDAT'), c('EBELN', 10), c('EBELP', 5),
  ]);
  /** Code groups of characteristic points (QPCD), by CODGR. */
  readonly codes = new Map<string, string[]>([['SEAL', ['OK', 'LEAK']]]);
  nextDocument = 1;
  nextNotification = 10000001;
  /** EKPO/EKET/EKBE folded per PO (read by the PO BAPIs only). */
  readonly poItems = new Map<string, PoItem[]>();
  readonly tables: Map<string, Table>;
  /** Number ranges (EBELN 45…, AUFNR 4…). */
  nextPo = 4500000000;
  nextOrder = 4000000;

  constructor() {
    this.tables = new Map([this.T001W, this.T001L, this.LFA1, this.ADR6, this.MARA, this.MAKT, this.MARD, this.EQUI, this.EQKT, this.JEST, this.EKKO, this.AUFK,
      this.IMPTT, this.IMRG, this.VIQMEL, this.MPLA, this.MPOS, this.MMPT, this.MHIS, this.EBAN].map((t) => [t.name, t]));
  }

  /** The active system-status codes of an object (JEST rows without INACT). */
  statusOf(objnr: string): string[] {
    return this.JEST.all().filter((r) => r.OBJNR === objnr && r.INACT !== 'X').map((r) => r.STAT);
  }
}

// ---------------------------------------------------------------- generation

const BASE = Date.UTC(2025, 5, 1); // fixed, so a seed always gives the same data
export const dats = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
export const pad = (v: number | string, len: number) => String(v).padStart(len, '0');
export const decimal = (v: number, places = 3) => v.toFixed(places);

const PLANTS = [['1000', 'Hamburg Works', 'Hamburg', 'DE'], ['1100', 'Berlin Plant', 'Berlin', 'DE'], ['1200', 'Dresden Plant', 'Dresden', 'DE'], ['2000', 'Lyon Usine', 'Lyon', 'FR'], ['3000', 'Riverside Works', 'Detroit', 'US']];
const SLOCS = [['0001', 'Central Store'], ['0002', 'Maint. Spares'], ['0003', 'Quarantine']];
const VENDOR_NAMES = ['Schaeffler Technologies', 'SKF GmbH', 'Festo SE', 'Siemens AG', 'Bosch Rexroth', 'KSB Pumpen', 'Endress+Hauser', 'Würth Industrie', 'Parker Hannifin', 'ABB Motors', 'Grundfos', 'Sick AG', 'Pilz GmbH', 'Lapp Kabel', 'Hoffmann Group'];
const CITIES = [['20095', 'Hamburg'], ['10115', 'Berlin'], ['01067', 'Dresden'], ['69002', 'Lyon'], ['48226', 'Detroit']];
const PARTS = ['Bearing 6205-2RS', 'Mechanical seal 35mm', 'V-belt SPA 1250', 'Pressure gauge 0-10 bar', 'Solenoid valve 24V', 'Proximity sensor M12', 'Gear oil ISO VG 220', 'Filter cartridge 10µm', 'Coupling insert', 'Contactor 3RT2', 'O-ring kit NBR', 'Impeller 250mm'];
const UNITS = ['ST', 'ST', 'ST', 'L', 'M', 'KG'];
const MAKERS = [['KSB', 'Etanorm 65-200'], ['Grundfos', 'CR 32-4'], ['Siemens', '1LE1003'], ['ABB', 'M3BP 160'], ['Atlas Copco', 'GA 37'], ['SEW', 'R47 DRN'], ['Festo', 'DSBC-50']];
const EQUIP_KINDS = ['Centrifugal pump', 'Electric motor', 'Air compressor', 'Gearbox', 'Conveyor belt', 'Cooling tower fan', 'Hydraulic press'];
const WO_TEXTS = ['Replace pump seal', 'Inspect motor bearings', 'Lubricate gearbox', 'Repair conveyor belt', 'Calibrate pressure sensor', 'Replace V-belts', 'Check compressor oil', 'Clean cooling tower', 'Tighten couplings', 'Overhaul hydraulic cylinder'];
const WO_STATUS: [string, number][] = [
  ['CRTD', 10], ['CRTD NMAT', 4], ['REL  NMAT PRC', 14], ['REL  PRC SETC', 10], ['REL  PCNF NMAT PRC', 10], ['REL  CNF  PRC', 6],
  ['TECO PRC SETC', 18], ['TECO CNF  NMAT PRC', 6], ['CLSD PRC', 12], ['DLFL CRTD', 2], ['REL  MACM NMAT', 3],
];
const STATUS_CODE: Record<string, string> = { CRTD: 'I0001', REL: 'I0002', PCNF: 'I0010', CNF: 'I0009', TECO: 'I0045', CLSD: 'I0046', DLFL: 'I0076', NMAT: 'I0016', PRC: 'I0028', SETC: 'I0118', MACM: 'I0074' };
export const STATUS_TEXT: Record<string, string> = Object.fromEntries(Object.entries(STATUS_CODE).map(([k, v]) => [v, k]));
export const statusLineToCodes = (line: string) => line.split(/\s+/).filter(Boolean).map((s) => STATUS_CODE[s] ?? s);

export function generate(seed: number, size: EccSize = {}): EccDatabase {
  const db = new EccDatabase();
  const nPlants = Math.min(size.plants ?? 3, PLANTS.length);
  const nVendors = size.vendors ?? 60;
  const nMaterials = size.materials ?? 150;
  const nAssets = size.assets ?? 200;
  const nPos = size.purchaseOrders ?? 120;
  const nWos = size.workOrders ?? 500;

  const plants = PLANTS.slice(0, nPlants);
  const slocs: [string, string][] = [];
  for (const [werks, name, city, land] of plants) {
    db.T001W.put({ WERKS: werks, NAME1: name, ORT01: city, LAND1: land });
    for (const [lgort, lgobe] of SLOCS) { db.T001L.put({ WERKS: werks, LGORT: lgort, LGOBE: lgobe }); slocs.push([werks, lgort]); }
  }

  const rv = new Rng(seed, 'vendors');
  const vendors: string[] = [];
  for (let i = 0; i < nVendors; i++) {
    const lifnr = pad(100000 + i, 10);
    const [pstlz, city] = rv.pick(CITIES);
    const adrnr = pad(22000 + i, 10);
    db.LFA1.put({
      LIFNR: lifnr, LAND1: city === 'Lyon' ? 'FR' : city === 'Detroit' ? 'US' : 'DE', NAME1: `${rv.pick(VENDOR_NAMES)}${i >= VENDOR_NAMES.length ? ` ${Math.floor(i / VENDOR_NAMES.length) + 1}` : ''}`,
      ORT01: city, PSTLZ: pstlz, STRAS: `${rv.pick(['Industriestr.', 'Hafenweg', 'Rue de la Gare', 'Main St'])} ${rv.int(1, 200)}`,
      TELF1: `+49 40 ${rv.int(100000, 999999)}`, ADRNR: adrnr, KTOKK: 'LIEF', SPERR: '', SPERM: rv.chance(0.06) ? 'X' : '', LOEVM: '',
      ERDAT: dats(BASE - rv.int(200, 3000) * 86_400_000), ERNAM: 'MIGRATION', ZZ_RATING: rv.pick(['A', 'B', 'C']), ZZ_CERTIFIED: rv.chance(0.5) ? 'X' : '',
    });
    if (rv.chance(0.85)) db.ADR6.put({ ADDRNUMBER: adrnr, CONSNUMBER: '001', SMTP_ADDR: `orders${i}@supplier${i}.example`, FLGDEFAULT: 'X' });
    vendors.push(lifnr);
  }

  const rm = new Rng(seed, 'materials');
  const stock: { matnr: string; werks: string; lgort: string; meins: string; text: string }[] = [];
  for (let i = 0; i < nMaterials; i++) {
    // most material numbers are numeric (ALPHA-padded to 18); some sites use alphanumeric ones (not padded)
    const matnr = i % 25 === 24 ? `SP-${rm.alnum(6)}` : pad(400000 + i, 18);
    const meins = rm.pick(UNITS);
    const text = `${rm.pick(PARTS)} ${rm.alnum(3)}`;
    db.MARA.put({ MATNR: matnr, ERSDA: dats(BASE - rm.int(300, 3000) * 86_400_000), LAEDA: dats(BASE - rm.int(0, 299) * 86_400_000), MTART: 'ERSA', MATKL: 'SPARES', MEINS: meins, LVORM: '', MSTAE: '', ZZ_HAZMAT: rm.chance(0.1) ? 'X' : '', ZZ_CRITICAL_SPARE: rm.chance(0.2) ? 'X' : '' });
    db.MAKT.put({ MATNR: matnr, SPRAS: 'E', MAKTX: text });
    db.MAKT.put({ MATNR: matnr, SPRAS: 'D', MAKTX: `(DE) ${text}` });
    const n1 = rm.int(1, 2);
    const used = new Set<string>();
    for (let j = 0; j < n1; j++) {
      const [werks, lgort] = rm.pick(slocs);
      if (used.has(werks + lgort)) continue;
      used.add(werks + lgort);
      const oos = rm.chance(0.05);
      db.MARD.put({ MATNR: matnr, WERKS: werks, LGORT: lgort, LVORM: '', LABST: decimal(oos ? 0 : rm.int(0, 400)), INSME: decimal(rm.chance(0.1) ? rm.int(1, 5) : 0), SPEME: decimal(0), LGPBE: `R${rm.int(1, 20)}-${rm.int(1, 9)}`, ...(oos ? { _OOS: 'X' } : {}) });
      stock.push({ matnr, werks, lgort, meins, text });
    }
  }

  const ra = new Rng(seed, 'assets');
  const assets: string[] = [];
  for (let i = 0; i < nAssets; i++) {
    const equnr = pad(10000000 + i, 18);
    const [maker, model] = ra.pick(MAKERS);
    const werks = ra.pick(plants)[0];
    const objnr = `IE${equnr}`;
    const erdat = BASE - ra.int(100, 4000) * 86_400_000;
    db.EQUI.put({
      EQUNR: equnr, ERDAT: dats(erdat), AEDAT: ra.chance(0.6) ? dats(erdat + ra.int(1, 90) * 86_400_000) : '00000000', EQTYP: 'M', EQART: 'PUMP', OBJNR: objnr,
      HERST: maker, TYPBZ: model, SERGE: ra.alnum(10), BAUJJ: String(ra.int(1995, 2024)), ZZ_CRITICALITY: ra.pick(['A', 'B', 'C']),
      _SWERK: werks, _TPLNR: `${werks}-SP-${ra.pick(['PMP', 'MOT', 'CMP'])}-${pad(ra.int(1, 40), 2)}`, _SUPEQUI: i > 10 && ra.chance(0.1) ? assets[ra.int(0, assets.length - 1)] : '',
    });
    db.EQKT.put({ EQUNR: equnr, SPRAS: 'E', EQKTX: `${ra.pick(EQUIP_KINDS)} ${werks}-${pad(i, 4)}` });
    const st = ra.weighted([['I0100', 70], ['I0099', 15], ['I0320', 12], ['I0076', 3]] as const);
    db.JEST.put({ OBJNR: objnr, STAT: st, INACT: '', CHGNR: '001' });
    if (st === 'I0076') db.JEST.put({ OBJNR: objnr, STAT: 'I0320', INACT: '', CHGNR: '002' });
    assets.push(equnr);
  }

  const rp = new Rng(seed, 'pos');
  for (let i = 0; i < nPos; i++) {
    const ebeln = String(db.nextPo++);
    const bedat = BASE - rp.int(0, 400) * 86_400_000;
    const lines = rp.int(1, 4);
    const items: PoItem[] = [];
    const stage = rp.weighted([['open', 40], ['partial', 15], ['done', 20], ['completed_flag', 5], ['blocked_rel', 10], ['released', 5], ['held', 5]] as const);
    for (let l = 0; l < lines && stock.length; l++) {
      const s = rp.pick(stock);
      const qty = rp.int(1, 50);
      const peinh = rp.chance(0.1) ? 100 : 1; // price per 100 units: a classic source of wrong totals
      const received = stage === 'done' ? qty : stage === 'partial' && l === 0 ? Math.max(1, Math.floor(qty / 2)) : 0;
      items.push({
        EBELP: pad((l + 1) * 10, 5), LOEKZ: rp.chance(0.03) ? 'L' : '', TXZ01: s.text, MATNR: s.matnr, WERKS: s.werks, LGORT: s.lgort,
        MENGE: decimal(qty), MEINS: s.meins, NETPR: (rp.int(100, 50000) / 100).toFixed(2), PEINH: String(peinh),
        ELIKZ: stage === 'completed_flag' ? 'X' : '', EINDT: dats(bedat + rp.int(5, 60) * 86_400_000), WEMNG: decimal(received),
      });
    }
    db.EKKO.put({
      EBELN: ebeln, BUKRS: '1000', BSTYP: 'F', BSART: rp.chance(0.9) ? 'NB' : 'FO', LOEKZ: rp.chance(0.03) ? 'S' : '', AEDAT: dats(bedat), ERNAM: 'BUYER01',
      LIFNR: rp.pick(vendors), EKORG: '1000', EKGRP: pad(rp.int(1, 3), 3), WAERS: rp.chance(0.85) ? 'EUR' : 'USD', BEDAT: dats(bedat),
      FRGKE: stage === 'blocked_rel' ? 'B' : stage === 'released' ? 'R' : '', FRGZU: stage === 'released' ? 'X' : '', MEMORY: '', ZZ_PROJECT: rp.chance(0.3) ? `PRJ-${rp.int(100, 999)}` : '',
    });
    db.poItems.set(ebeln, items);
  }
  // contracts (BSTYP K) live in EKKO too; listings must skip them
  db.EKKO.put({ EBELN: '4600000001', BUKRS: '1000', BSTYP: 'K', BSART: 'MK', LOEKZ: '', AEDAT: dats(BASE), ERNAM: 'BUYER01', LIFNR: vendors[0] ?? '', EKORG: '1000', EKGRP: '001', WAERS: 'EUR', BEDAT: dats(BASE), FRGKE: '', FRGZU: '', MEMORY: '', ZZ_PROJECT: '' });

  const rw = new Rng(seed, 'orders');
  for (let i = 0; i < nWos; i++) addOrder(db, rw, plants.map((x) => x[0]), assets);
  generatePlant(db, seed, size, assets, plants.map((x) => x[0]));
  // a production order in AUFK (AUTYP 10): not a maintenance order
  db.AUFK.put({ AUFNR: pad(db.nextOrder++, 12), AUART: 'PP01', AUTYP: '10', KTEXT: 'Production run', WERKS: plants[0][0], ERDAT: dats(BASE), ERNAM: 'PLANNER', AEDAT: '00000000', AENAM: '', OBJNR: 'ORPROD', LOEKZ: '', ZZ_SAFETY: '' });
  return db;
}

export function addOrder(db: EccDatabase, r: Rng, plants: string[], assets: string[], at?: number): string {
  const aufnr = pad(db.nextOrder++, 12);
  const erdat = at ?? BASE - r.int(0, 700) * 86_400_000;
  const line = at ? 'CRTD' : r.weighted(WO_STATUS);
  const objnr = `OR${aufnr}`;
  db.AUFK.put({
    AUFNR: aufnr, AUART: r.weighted([['PM01', 50], ['PM02', 30], ['PM03', 20]] as const), AUTYP: '30', KTEXT: r.pick(WO_TEXTS), WERKS: r.pick(plants),
    ERDAT: dats(erdat), ERNAM: 'PLANNER', AEDAT: r.chance(0.7) ? dats(erdat + r.int(0, 30) * 86_400_000) : '00000000', AENAM: 'PLANNER', OBJNR: objnr, LOEKZ: '',
    ZZ_SAFETY: r.chance(0.2) ? r.pick(['LOTO', 'HOTWORK', 'CONFINED']) : '',
    _PRIORITY: r.weighted([['1', 5], ['2', 20], ['3', 50], ['4', 20], ['', 5]] as const), _EQUNR: assets.length && r.chance(0.85) ? r.pick(assets) : '',
    _STATUS: line, _GSTRP: dats(erdat + r.int(0, 10) * 86_400_000), _GLTRP: dats(erdat + r.int(11, 40) * 86_400_000), _ARBPL: r.pick(['MECH-01', 'ELEC-01', 'INST-02']),
  });
  return aufnr;
}

/**
 * A measurement document row: the value as entered (RECDV in RECDU), the same in SI units
 * (READG; a counter's also in CNTRR, with CNTRG = X), or only the valuation code (VLCOD).
 */
export function documentRow(db: EccDatabase, point: Row, ms: number, value: string, code: string, text: string, reader: string): Row {
  const iso = new Date(ms).toISOString();
  const num = code ? 0 : Number(value);
  const si = num * (SI_FACTOR[point.MRNGU] ?? 1);
  const counter = point.INDCT === 'X';
  return {
    MDOCM: pad(db.nextDocument++, 20), POINT: point.POINT, IDATE: iso.slice(0, 10).replace(/-/g, ''), ITIME: iso.slice(11, 19).replace(/:/g, ''),
    CNTRG: counter ? 'X' : '', MDTXT: text, READR: reader, ERDAT: dats(ms), ERNAM: reader, AEDAT: '00000000', LVORM: '',
    READG: fltp(code ? 0 : si), READGI: code ? '' : 'X', CNTRR: fltp(counter ? si : 0), CNTRRI: counter ? 'X' : '',
    RECDV: fltp(num), RECDVI: code ? '' : 'X', RECDU: code ? '' : point.MRNGU, IDIFF: '',
    CODCT: code ? point.CODCT : '', CODGR: code ? point.CODGR : '', VLCOD: code, CANCL: '',
  };
}

function generatePlant(db: EccDatabase, seed: number, size: EccSize, assets: string[], plants: string[]) {
  const every = Math.max(1, size.meteredEvery ?? 8);
  const perPoint = size.readingsPerPoint ?? 4;
  let point = 1;
  // measuring points: a vibration gauge and an operating-hours counter on every n-th equipment; the first also a seal check
  for (let i = 0; i < assets.length; i += every) {
    const equnr = assets[i];
    const specs = [
      { text: 'Bearing vibration', counter: false, unit: 'MMS', codes: '' },
      { text: 'Operating hours', counter: true, unit: 'H', codes: '' },
      ...(i === 0 ? [{ text: 'Seal leak check', counter: false, unit: '', codes: 'SEAL' }] : []),
    ];
    for (const sp of specs) {
      const r = new Rng(seed, `point-${point}`);
      const row: Row = {
        POINT: pad(point++, 12), MPOBJ: `IE${equnr}`, PSORT: sp.text.toUpperCase().slice(0, 20), PTTXT: `${db.EQKT.get(equnr, 'E')?.EQKTX ?? equnr} ${sp.text.toLowerCase()}`.slice(0, 40),
        MPTYP: 'M', INDCT: sp.counter ? 'X' : '', CDSUF: sp.codes ? 'X' : '', MRNGU: sp.unit, CODGR: sp.codes, CODCT: sp.codes ? 'D' : '', INACT: '', LVORM: '',
        ERDAT: dats(BASE - 400 * 86_400_000), AEDAT: '00000000',
        DESIR: fltp(sp.counter || sp.codes ? 0 : 2.8), DESIRI: sp.counter || sp.codes ? '' : 'X', MRMAX: fltp(sp.counter || sp.codes ? 0 : 7.1), MRMAXI: sp.counter || sp.codes ? '' : 'X',
      };
      db.IMPTT.put(row);
      let total = r.int(1000, 9000);
      for (let k = 0; k < perPoint; k++) {
        const ms = BASE - (perPoint - k) * 20 * 86_400_000 + r.int(6, 18) * 3_600_000;
        const value = sp.codes ? '' : sp.counter ? String(total += r.int(100, 600)) : (1.5 + r.float() * 3).toFixed(1);
        db.IMRG.put(documentRow(db, row, ms, value, sp.codes ? (k === perPoint - 1 ? 'LEAK' : 'OK') : '', `Round ${k + 1}`, 'INSPECTOR'));
      }
    }
  }
  // notifications: statuses in JEST (OSNO I0068, NOPR I0070, ORAS I0071, NOCO I0072, DLFL I0076)
  const rn = new Rng(seed, 'notifications');
  const orders = db.AUFK.all().filter((o) => o.AUTYP === '30');
  const nNotif = size.notifications ?? 40;
  for (let i = 0; i < nNotif; i++) {
    const qmnum = pad(db.nextNotification++, 12);
    const status = i === 0 ? 'I0071' : i === 1 ? 'I0068' : i === 2 ? 'I0072' : rn.weighted([['I0068', 30], ['I0070', 15], ['I0071', 20], ['I0072', 30], ['I0076', 5]] as const);
    const order = (status === 'I0071' || (status === 'I0072' && rn.chance(0.6))) && orders.length ? rn.pick(orders) : null;
    const equnr = order?._EQUNR || (assets.length && rn.chance(0.8) ? rn.pick(assets) : '');
    const ms = BASE - rn.int(1, 300) * 86_400_000 - rn.int(0, 86_399) * 1000;
    const objnr = `QM${qmnum}`;
    const long = i % 5 === 0 ? `Reported during the ${rn.pick(['morning', 'night'])} round.\nPlease check before the next shift.` : '';
    db.VIQMEL.put({
      QMNUM: qmnum, QMTYP: '01', QMART: rn.pick(['M1', 'M2']), INDTX: long ? 'X' : '', _LTXT: long, QMTXT: `${rn.pick(['Noise from', 'Leak at', 'Vibration on', 'Oil loss at'])} ${equnr ? equnr.replace(/^0+/, '') : 'line'}`,
      PRIOK: rn.weighted([['1', 10], ['2', 25], ['3', 45], ['4', 15], ['', 5]] as const), QMNAM: rn.pick(['OPERATOR1', 'OPERATOR2', 'SHIFTLEAD']),
      QMDAT: dats(ms), MZEIT: new Date(ms).toISOString().slice(11, 19).replace(/:/g, ''), ERDAT: dats(ms), AEDAT: dats(ms + rn.int(0, 20) * 86_400_000),
      AUFNR: order?.AUFNR ?? '', EQUNR: equnr, TPLNR: '', IWERK: order?.WERKS ?? rn.pick(plants), OBJNR: objnr,
    });
    db.JEST.put({ OBJNR: objnr, STAT: status, INACT: '', CHGNR: '001' });
  }
  // a quality notification (category 02) shares the table: not a maintenance request
  const q = pad(db.nextNotification++, 12);
  db.VIQMEL.put({ QMNUM: q, QMTYP: '02', QMART: 'Q1', QMTXT: 'Customer complaint', PRIOK: '', QMNAM: 'QM', QMDAT: dats(BASE), MZEIT: '090000', ERDAT: dats(BASE), AEDAT: '00000000', AUFNR: '', EQUNR: '', TPLNR: '', IWERK: plants[0], OBJNR: `QM${q}`, INDTX: '', _LTXT: '' });
  db.JEST.put({ OBJNR: `QM${q}`, STAT: 'I0068', INACT: '', CHGNR: '001' });
  // maintenance plans: a monthly, quarterly, weekly or yearly cycle — every fourth on an operating-hours counter
  const rp = new Rng(seed, 'plans');
  const counters = db.IMPTT.all().filter((x) => x.INDCT === 'X');
  const CYCLES = [['1', 'MON'], ['3', 'MON'], ['1', 'WCH'], ['1', 'JHR'], ['30', 'TAG']] as const;
  const nPlans = size.plans ?? 20;
  for (let i = 0; i < nPlans && assets.length; i++) {
    const warpl = pad(100 + i, 12);
    const counter = i % 4 === 3 && counters.length ? counters[(i >> 2) % counters.length] : null;
    const equnr = counter ? counter.MPOBJ.slice(2) : assets[(i * 11) % assets.length];
    const [len, unit] = counter ? [String(rp.pick([500, 1000])), 'H'] : CYCLES[i % CYCLES.length];
    const objnr = `WO${warpl}`;
    db.MPLA.put({ WARPL: warpl, WPTXT: `${rp.pick(['Lubricate', 'Inspect', 'Service'])} ${equnr.replace(/^0+/, '')}`, MPTYP: 'PM', STRAT: '', ERSDT: dats(BASE - 500 * 86_400_000), AEDAT: dats(BASE - rp.int(1, 200) * 86_400_000), OBJNR: objnr });
    db.MPOS.put({ WAPOS: pad(100 + i, 16), WARPL: warpl, EQUNR: equnr, TPLNR: '', IWERK: db.EQUI.get(equnr)?._SWERK ?? plants[0], PSTXT: 'Plan item' });
    db.MMPT.put({ WARPL: warpl, NUMMER: '01', ZYKL1: fltp(Number(len)), ZEIEH: unit, POINT: counter?.POINT ?? '' });
    db.MHIS.put({ WARPL: warpl, ABNUM: '00001', NPLDA: dats(BASE - 30 * 86_400_000), HORDA: dats(BASE - 35 * 86_400_000), AUFNR: orders.length ? orders[i % orders.length].AUFNR : '' });
    if (i === 1) db.JEST.put({ OBJNR: objnr, STAT: 'I0320', INACT: '', CHGNR: '001' }); // INAC
    else db.MHIS.put({ WARPL: warpl, ABNUM: '00002', NPLDA: dats(BASE + rp.int(10, 90) * 86_400_000), HORDA: '00000000', AUFNR: '' });
  }
  // purchase requisitions: every fourth ordered (its items are a purchase order's); release indicator FRGKZ [?]: X blocked, 2 released, blank not subject
  const rr = new Rng(seed, 'requisitions');
  const pos = db.EKKO.all().filter((h) => h.BSTYP === 'F' && (db.poItems.get(h.EBELN)?.length ?? 0) > 0);
  const mard = db.MARD.all();
  const nReqs = size.requisitions ?? 30;
  for (let i = 0; i < nReqs; i++) {
    const banfn = String(10000001 + i);
    const po = i % 4 === 1 && pos.length ? pos[(i * 7) % pos.length] : null;
    const frgkz = po ? '2' : ['X', '2', '', 'X', '2'][i % 5];
    const badat = dats(BASE - rr.int(10, 300) * 86_400_000);
    const items = po
      ? db.poItems.get(po.EBELN)!.map((it) => ({ MATNR: it.MATNR, WERKS: it.WERKS, LGORT: it.LGORT, MENGE: it.MENGE, MEINS: it.MEINS, PREIS: it.NETPR, PEINH: it.PEINH, TXZ01: it.TXZ01, EBELN: po.EBELN, EBELP: it.EBELP, WAERS: po.WAERS }))
      : Array.from({ length: rr.int(1, 3) }, () => {
        const m = rr.pick(mard);
        return { MATNR: m.MATNR, WERKS: m.WERKS, LGORT: m.LGORT, MENGE: decimal(rr.int(1, 20)), MEINS: db.MARA.get(m.MATNR)?.MEINS ?? 'ST', PREIS: (rr.int(100, 30000) / 100).toFixed(2), PEINH: '1', TXZ01: db.MAKT.get(m.MATNR, 'E')?.MAKTX ?? '', EBELN: '', EBELP: '', WAERS: 'EUR' };
      });
    const deleted = i % 10 === 7;
    items.forEach((it, k) => db.EBAN.put({
      BANFN: banfn, BNFPO: pad((k + 1) * 10, 5), BSART: 'NB', LOEKZ: deleted ? 'X' : '', STATU: po ? 'B' : 'N', FRGKZ: frgkz, FRGZU: frgkz === '2' ? 'X' : '',
      ERNAM: 'REQUESTER1', AFNAM: rr.pick(['MAINT-A', 'MAINT-B', 'STORES']), BADAT: badat, TXZ01: it.TXZ01, MATNR: it.MATNR, WERKS: it.WERKS, LGORT: it.LGORT,
      MENGE: it.MENGE, MEINS: it.MEINS, PREIS: it.PREIS, PEINH: it.PEINH, WAERS: it.WAERS, LFDAT: dats(Date.parse(`${badat.slice(0, 4)}-${badat.slice(4, 6)}-${badat.slice(6)}`) + 20 * 86_400_000),
      EBELN: it.EBELN, EBELP: it.EBELP,
    }));
  }
}
