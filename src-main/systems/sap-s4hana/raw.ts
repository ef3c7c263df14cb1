// What SAP S/4HANA sends on the wire (OData v2, JSON format), kept apart from the
// mapping. Only the fields the connector reads are typed; every record keeps all
// of its fields (customer ZZ*/YY1_* extension fields included) in remote_data.
//
// Every service lives under /sap/opu/odata/sap/<SERVICE>/ (on-prem, private
// cloud and public cloud alike); on-prem adds ?sap-client=NNN.
// Envelope: list {"d":{"results":[…],"__count":"57"}}, single {"d":{…}};
// Edm.DateTime "/Date(ms)/", Edm.DateTimeOffset "/Date(ms+0000)/", Edm.Decimal as a string.

/** Service roots, relative to the system root (config.baseUrl). */
export const SERVICE_ROOT = 'sap/opu/odata/sap';

export const SERVICES = {
  purchaseOrder: 'API_PURCHASEORDER_PROCESS_SRV',
  maintenanceOrder: 'API_MAINTENANCEORDER',
  equipment: 'API_EQUIPMENT',
  businessPartner: 'API_BUSINESS_PARTNER',
  product: 'API_PRODUCT_SRV',
  materialStock: 'API_MATERIAL_STOCK_SRV',
  plant: 'API_PLANT_SRV',
  storageLocation: 'API_STORAGELOCATION_SRV',
} as const;

/** Every entity carries this (etag only where the entity set has an ETag property). */
export interface ODataMetadata {
  id?: string;
  uri?: string;
  type?: string;
  etag?: string;
}

export interface ODataEntity {
  __metadata?: ODataMetadata;
  [field: string]: unknown;
}

export interface ODataList<T> {
  d: { results: T[]; __count?: string; __next?: string };
}

export interface ODataSingle<T> {
  d: T;
}

// ---------------------------------------------------------------- purchase orders
// https://api.sap.com/api/API_PURCHASEORDER_PROCESS_SRV/resource (Purchase Order (A2X), OData v2)
// GET API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder?$expand=to_PurchaseOrderItem
// POST A_PurchaseOrder (deep insert with to_PurchaseOrderItem.results) → 201 + Location

export interface RawPurchaseOrderItem extends ODataEntity {
  PurchaseOrder: string;
  /** "10" or "00010" depending on the release: both are accepted. */
  PurchaseOrderItem: string;
  PurchaseOrderItemText?: string;
  Material?: string;
  Plant?: string;
  StorageLocation?: string;
  OrderQuantity?: string;
  PurchaseOrderQuantityUnit?: string;
  NetPriceAmount?: string;
  NetPriceQuantity?: string;
  DocumentCurrency?: string;
  IsCompletelyDelivered?: boolean;
  IsFinallyInvoiced?: boolean;
  PurchasingDocumentDeletionCode?: string;
}

export interface RawPurchaseOrder extends ODataEntity {
  PurchaseOrder: string;
  CompanyCode?: string;
  PurchaseOrderType?: string;
  /** "" live, "L" deleted, "S" blocked. */
  PurchasingDocumentDeletionCode?: string;
  /** PROCSTAT: 01 version in process, 02 active, 03 in release, 05 release completed, 08 rejected. */
  PurchasingProcessingStatus?: string;
  CreationDate?: string;
  LastChangeDateTime?: string;
  Supplier?: string;
  PurchasingOrganization?: string;
  PurchasingGroup?: string;
  PurchaseOrderDate?: string;
  DocumentCurrency?: string;
  ReleaseIsNotCompleted?: boolean;
  PurchasingCompletenessStatus?: boolean;
  to_PurchaseOrderItem?: { results: RawPurchaseOrderItem[] } | { __deferred: { uri: string } };
}

// ---------------------------------------------------------------- maintenance orders
// https://api.sap.com/api/API_MAINTENANCEORDER/resource (Maintenance Order (A2X), OData v2)
// Entity set MaintenanceOrder (no A_ prefix). SystemStatusText/UserStatusText are
// sap:filterable="false" and sap:sortable="false". Status changes go through
// function imports (POST, key as a parameter): ReleaseMaintenanceOrder,
// SetMaintOrdToTechCompleted, SetMaintOrderStatusToClosed, SetMaintOrderStatusToLocked,
// SetMaintOrderStatusToUnlocked, …

export interface RawMaintenanceOrder extends ODataEntity {
  MaintenanceOrder: string;
  MaintenanceOrderType?: string;
  MaintenanceOrderDesc?: string;
  MaintOrdBasicStartDateTime?: string | null;
  MaintOrdBasicEndDateTime?: string | null;
  MainWorkCompletedDateTime?: string | null;
  MaintOrderReferenceDateTime?: string | null;
  MaintenancePlanningPlant?: string;
  MaintenancePlant?: string;
  MainWorkCenter?: string;
  Equipment?: string;
  FunctionalLocation?: string;
  MaintPriority?: string;
  MaintOrdPersonResponsible?: string;
  /** e.g. "REL  NMAT PRC SETC": lifecycle codes plus flags, blank-separated. */
  SystemStatusText?: string;
  UserStatusText?: string;
  MaintOrderCreationDateTime?: string | null;
  LastChangeDateTime?: string | null;
}

// ---------------------------------------------------------------- equipment
// https://api.sap.com/api/API_EQUIPMENT/resource (Equipment (A2X), OData v2)
// Composite key: Equipment(Equipment='10000045',ValidityEndDate=datetime'9999-12-31T00:00:00');
// the list holds one row per time segment, the current one ends 9999-12-31.

export interface RawEquipment extends ODataEntity {
  Equipment: string;
  ValidityEndDate?: string;
  EquipmentName?: string;
  EquipmentCategory?: string;
  MaintenancePlant?: string;
  FunctionalLocation?: string;
  SuperordinateEquipment?: string;
  SerialNumber?: string;
  ManufacturerSerialNumber?: string;
  AssetManufacturerName?: string;
  ManufacturerPartTypeName?: string;
  CreationDate?: string;
  LastChangeDateTime?: string;
  EquipmentIsMarkedForDeletion?: boolean;
  EquipmentIsInactive?: boolean;
  EquipmentIsInstalled?: boolean;
  EquipmentIsAvailable?: boolean;
  EquipmentIsInWarehouse?: boolean;
}

// ---------------------------------------------------------------- suppliers
// https://api.sap.com/api/API_BUSINESS_PARTNER/resource (Business Partner (A2X)), entity set A_Supplier
// No change timestamp on A_Supplier: listed in full on every sync.

export interface RawSupplier extends ODataEntity {
  Supplier: string;
  SupplierName?: string;
  SupplierAccountGroup?: string;
  PostingIsBlocked?: boolean;
  PurchasingIsBlocked?: boolean;
  DeletionIndicator?: boolean;
  CreationDate?: string;
  to_SupplierCompany?: { results: { CompanyCode: string }[] };
  to_SupplierPurchasingOrg?: { results: { PurchasingOrganization: string; PurchasingGroup?: string }[] };
}

// ---------------------------------------------------------------- products and stock
// https://api.sap.com/api/API_PRODUCT_SRV/resource (Product Master (A2X)), A_Product with
//   to_Description (A_ProductDescription) and to_Valuation (A_ProductValuation)
// https://api.sap.com/api/API_MATERIAL_STOCK_SRV/resource (Material Stock (A2X)), A_MatlStkInAcctMod:
//   one row per material, plant, storage location, batch, stock type…

export interface RawProduct extends ODataEntity {
  Product: string;
  ProductType?: string;
  BaseUnit?: string;
  ProductGroup?: string;
  CreationDate?: string;
  LastChangeDateTime?: string | null;
  IsMarkedForDeletion?: boolean;
  to_Description?: { results: { Product: string; Language: string; ProductDescription: string }[] };
  to_Valuation?: { results: { Product: string; ValuationArea: string; StandardPrice?: string; MovingAveragePrice?: string; PriceUnitQty?: string; InventoryValuationProcedure?: string; Currency?: string }[] };
}

export interface RawStock extends ODataEntity {
  Material: string;
  Plant: string;
  StorageLocation: string;
  Batch?: string;
  /** 01 unrestricted use, 02 quality inspection, 07 blocked, … */
  InventoryStockType?: string;
  MaterialBaseUnit?: string;
  MatlWrhsStkQtyInMatlBaseUnit?: string;
}

// ---------------------------------------------------------------- plants and storage locations
// https://api.sap.com/api/API_PLANT_SRV/resource (Plant (A2X)), A_Plant
// API_STORAGELOCATION_SRV/A_StorageLocation (Storage Location (A2X)) — entity set name seen in public integration code

export interface RawPlant extends ODataEntity {
  Plant: string;
  PlantName?: string;
}

export interface RawStorageLocation extends ODataEntity {
  Plant: string;
  StorageLocation: string;
  StorageLocationName?: string;
}

/** Inventory items are one product at one storage location: the raw form the mapping receives. */
export interface RawInventoryItem {
  product: RawProduct;
  plant: string;
  storageLocation: string;
  stock: RawStock[];
}
