// Original file: proto/lienthong/v1/admin.proto


export interface StatusRequest {
}

export interface StatusRequest__Output {
}
