// Original file: proto/lienthong/v1/message.proto


export interface EdxmlStaffInfo {
  'department'?: (string);
  'staff'?: (string);
  'mobile'?: (string);
  'email'?: (string);
}

export interface EdxmlStaffInfo__Output {
  'department': (string);
  'staff': (string);
  'mobile': (string);
  'email': (string);
}
