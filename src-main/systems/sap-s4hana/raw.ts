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
  maintenanceNotification: 'API_MAINTNOTIFICATION',
  maintenancePlan: 'API_MAINTENANCEPLAN',
  purchaseRequisition: 'API_PURCHASEREQ_PROCESS_SRV',
} as const;

/**
 * OData v4 services (SAP S/4HANA 2021+; the API Business Hub's OP_API_MEASURINGPOINT_0001 and
 * OP_API_MEASUREMENTDOCUMENT_0001): /sap/opu/odata4/sap/<service group>/srvd_a2x/sap/<service>/0001/.
 * Envelope {"@odata.context","value":[…],"@odata.nextLink"}; Edm.Date "2017-04-13", Edm.TimeOfDay
 * "15:51:04", Edm.Double as JSON numbers; errors {"error":{"code","message","target","details"}}.
 * A service group is published in /IWFND/V4_ADMIN, not in /IWFND/MAINT_SERVICE.
 */
export const V4_ROOT = 'sap/opu/odata4/sap';
export interface V4Service { id: string; group: string; name: string }
export const V4_SERVICES = {
  measuringPoint: { id: 'API_MEASURINGPOINT', group: 'api_measuringpoint', name: 'measuringpoint' },
  measurementDocument: { id: 'API_MEASUREMENTDOCUMENT', group: 'api_measurementdocument', name: 'measurementdocument' },
} as const satisfies Record<string, V4Service>;

export interface ODataV4List<T> { value: T[]; '@odata.nextLink'?: string; '@odata.count'?: number }

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

// ---------------------------------------------------------------- more of the plant
// v4 MeasuringPoint [V: OP_API_MEASURING_POINT_SRV_0001 via a public integration repository]:
//   MeasuringPoint (key, CHAR 12), MeasuringPointDescription, MeasuringPointObjectIdentifier,
//   TechnicalObjectType, MeasuringPointPositionNumber, MeasuringPointCategory, MeasuringPointIsCounter,
//   MsrgPtInternalCharacteristic, CharcValueUnit, MeasuringPointDecimalPlaces, MeasuringPointCodeGroup,
//   ValuationCodeIsSufficient, MeasuringPointIsInactive, MeasuringPointTargetValue,
//   MeasuringPointMaximumThreshold, MeasuringPointMinimumThreshold, FunctionalLocation, Equipment.
//   No change time: listed in full on every sync.
// v4 MeasurementDocument [V: OP_API_MEASUREMENTDOCUMENT_0001, I_MeasurementDocumentTP_2]:
//   MeasurementDocument (key, CHAR 20), MeasuringPoint, MsmtRdngDate, MsmtRdngTime, CharcValueUnit,
//   MeasurementReading, MeasurementReadingInEntryUoM, MeasurementReadingEntryUoM,
//   MeasurementCounterReading, MsmtValuationCode, MeasurementDocumentText, MsmtRdngByUser,
//   MsmtRdngIsReversed; POST creates one. No entry time: listings filter on the reading date.
// v2 API_MAINTNOTIFICATION/MaintenanceNotification [V: the service's $metadata as a CDS import in a
//   public repository]: MaintenanceNotification (key), NotificationText (40), MaintPriority,
//   NotificationType, NotifProcessingPhase, ReportedByUser, NotificationCreationDate/Time,
//   MaintNotificationLongText, MaintNotifLongTextForEdit, TechnicalObject, TechObjIsEquipOrFuncnlLoc,
//   MaintenancePlanningPlant, MaintenancePlant, MaintenanceOrder, LastChangeDateTime; POST creates one.
//   [?] NotifProcessingPhase values 1 outstanding · 2 postponed · 3 in process · 4 completed.
// v2 API_MAINTENANCEPLAN/MaintenancePlan [V: field names in public integration code]: MaintenancePlan,
//   MaintenancePlanDesc, MaintenanceStrategy, MaintenancePlanSystemStatus, LastChangeDateTime;
//   to_StrategyCycle (MaintPlanCycRcrrcIntervalQty, MaintPlanCycRcrrcIntervalUnit); to_Item (Equipment,
//   MaintenancePlanningPlant) → to_MaintPlanCallObjects (PlannedStartDate, MaintCallHorizonIsNotReached).
//   [?] a counter-based cycle naming its MeasuringPoint; "INAC" in the system status for an inactive plan.
// v2 API_PURCHASEREQ_PROCESS_SRV/A_PurchaseRequisitionHeader [V] with items A_PurchaseRequisitionItem [V]:
//   PurchaseRequisitionItemText, Material, Plant, RequestedQuantity, BaseUnit, PurchaseRequisitionPrice,
//   PurReqnItemCurrency, ItemNetAmount, PurReqnReleaseStatus, ProcessingStatus, DeliveryDate, CreationDate [V];
//   [?] the navigation to_PurchaseReqnItem, PurchaseOrder/PurchaseOrderItem on an ordered item, IsDeleted,
//   the release status codes (05 released, 08 rejected, others in release).
