export interface ProductsTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  /** TrainSpec as JSON, or null. */
  train: string | null;
  /** NotifierSpec[] as JSON, webhook secrets sealed. */
  notifiers: string;
}

/** Components, rings and targets keep their normalised spec as JSON; the columns beside it are for queries. */
export interface ComponentsTable {
  product_id: string;
  name: string;
  position: number;
  spec: string;
}

export interface RingsTable {
  product_id: string;
  name: string;
  position: number;
  spec: string;
}

export interface TargetsTable {
  product_id: string;
  name: string;
  ring: string;
  users: number;
  hosting: string;
  delivery: string;
  position: number;
  spec: string;
}

export interface ProductRolesTable {
  product_id: string;
  role: string;
  members: string;
}

export interface ProductTables {
  products: ProductsTable;
  components: ComponentsTable;
  rings: RingsTable;
  targets: TargetsTable;
  product_roles: ProductRolesTable;
}
