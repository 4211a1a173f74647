// Original file: proto/lienthong/v1/message.proto


export interface EdxmlOrganization {
  'organId'?: (string);
  'organizationInCharge'?: (string);
  'organName'?: (string);
  'organAdd'?: (string);
  'email'?: (string);
  'telephone'?: (string);
  'fax'?: (string);
  'website'?: (string);
}

export interface EdxmlOrganization__Output {
  'organId': (string);
  'organizationInCharge': (string);
  'organName': (string);
  'organAdd': (string);
  'email': (string);
  'telephone': (string);
  'fax': (string);
  'website': (string);
}
