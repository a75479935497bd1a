# Generated from the warehouse information schema: one dimension per column.
# Do not edit by hand.
view: wide_events {
  sql_table_name: analytics.wide_events ;;

  dimension: col_0000 {
    label: "Column 0"
    type: string
    sql: ${TABLE}.col_0000 ;;
    group_label: "Block 0"
  }

  dimension: col_0001 {
    label: "Column 1"
    type: number
    sql: ${TABLE}.col_0001 ;;
    group_label: "Block 0"
  }

  dimension: col_0002 {
    label: "Column 2"
    type: yesno
    sql: ${TABLE}.col_0002 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0003 {
    label: "Column 3"
    type: string
    sql: ${TABLE}.col_0003 ;;
    group_label: "Block 0"
  }

  dimension: col_0004 {
    label: "Column 4"
    type: number
    sql: ${TABLE}.col_0004 ;;
    group_label: "Block 0"
  }

  dimension: col_0005 {
    label: "Column 5"
    type: yesno
    sql: ${TABLE}.col_0005 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0006 {
    label: "Column 6"
    type: string
    sql: ${TABLE}.col_0006 ;;
    group_label: "Block 0"
  }

  dimension: col_0007 {
    label: "Column 7"
    type: number
    sql: ${TABLE}.col_0007 ;;
    group_label: "Block 0"
  }

  dimension: col_0008 {
    label: "Column 8"
    type: yesno
    sql: ${TABLE}.col_0008 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0009 {
    label: "Column 9"
    type: string
    sql: ${TABLE}.col_0009 ;;
    group_label: "Block 0"
  }

  dimension: col_0010 {
    label: "Column 10"
    type: number
    sql: ${TABLE}.col_0010 ;;
    group_label: "Block 0"
  }

  dimension: col_0011 {
    label: "Column 11"
    type: yesno
    sql: ${TABLE}.col_0011 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0012 {
    label: "Column 12"
    type: string
    sql: ${TABLE}.col_0012 ;;
    group_label: "Block 0"
  }

  dimension: col_0013 {
    label: "Column 13"
    type: number
    sql: ${TABLE}.col_0013 ;;
    group_label: "Block 0"
  }

  dimension: col_0014 {
    label: "Column 14"
    type: yesno
    sql: ${TABLE}.col_0014 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0015 {
    label: "Column 15"
    type: string
    sql: ${TABLE}.col_0015 ;;
    group_label: "Block 0"
  }

  dimension: col_0016 {
    label: "Column 16"
    type: number
    sql: ${TABLE}.col_0016 ;;
    group_label: "Block 0"
  }

  dimension: col_0017 {
    label: "Column 17"
    type: yesno
    sql: ${TABLE}.col_0017 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0018 {
    label: "Column 18"
    type: string
    sql: ${TABLE}.col_0018 ;;
    group_label: "Block 0"
  }

  dimension: col_0019 {
    label: "Column 19"
    type: number
    sql: ${TABLE}.col_0019 ;;
    group_label: "Block 0"
  }

  dimension: col_0020 {
    label: "Column 20"
    type: yesno
    sql: ${TABLE}.col_0020 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0021 {
    label: "Column 21"
    type: string
    sql: ${TABLE}.col_0021 ;;
    group_label: "Block 0"
  }

  dimension: col_0022 {
    label: "Column 22"
    type: number
    sql: ${TABLE}.col_0022 ;;
    group_label: "Block 0"
  }

  dimension: col_0023 {
    label: "Column 23"
    type: yesno
    sql: ${TABLE}.col_0023 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0024 {
    label: "Column 24"
    type: string
    sql: ${TABLE}.col_0024 ;;
    group_label: "Block 0"
  }

  dimension: col_0025 {
    label: "Column 25"
    type: number
    sql: ${TABLE}.col_0025 ;;
    group_label: "Block 0"
  }

  dimension: col_0026 {
    label: "Column 26"
    type: yesno
    sql: ${TABLE}.col_0026 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0027 {
    label: "Column 27"
    type: string
    sql: ${TABLE}.col_0027 ;;
    group_label: "Block 0"
  }

  dimension: col_0028 {
    label: "Column 28"
    type: number
    sql: ${TABLE}.col_0028 ;;
    group_label: "Block 0"
  }

  dimension: col_0029 {
    label: "Column 29"
    type: yesno
    sql: ${TABLE}.col_0029 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0030 {
    label: "Column 30"
    type: string
    sql: ${TABLE}.col_0030 ;;
    group_label: "Block 0"
  }

  dimension: col_0031 {
    label: "Column 31"
    type: number
    sql: ${TABLE}.col_0031 ;;
    group_label: "Block 0"
  }

  dimension: col_0032 {
    label: "Column 32"
    type: yesno
    sql: ${TABLE}.col_0032 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0033 {
    label: "Column 33"
    type: string
    sql: ${TABLE}.col_0033 ;;
    group_label: "Block 0"
  }

  dimension: col_0034 {
    label: "Column 34"
    type: number
    sql: ${TABLE}.col_0034 ;;
    group_label: "Block 0"
  }

  dimension: col_0035 {
    label: "Column 35"
    type: yesno
    sql: ${TABLE}.col_0035 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0036 {
    label: "Column 36"
    type: string
    sql: ${TABLE}.col_0036 ;;
    group_label: "Block 0"
  }

  dimension: col_0037 {
    label: "Column 37"
    type: number
    sql: ${TABLE}.col_0037 ;;
    group_label: "Block 0"
  }

  dimension: col_0038 {
    label: "Column 38"
    type: yesno
    sql: ${TABLE}.col_0038 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0039 {
    label: "Column 39"
    type: string
    sql: ${TABLE}.col_0039 ;;
    group_label: "Block 0"
  }

  dimension: col_0040 {
    label: "Column 40"
    type: number
    sql: ${TABLE}.col_0040 ;;
    group_label: "Block 0"
  }

  dimension: col_0041 {
    label: "Column 41"
    type: yesno
    sql: ${TABLE}.col_0041 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0042 {
    label: "Column 42"
    type: string
    sql: ${TABLE}.col_0042 ;;
    group_label: "Block 0"
  }

  dimension: col_0043 {
    label: "Column 43"
    type: number
    sql: ${TABLE}.col_0043 ;;
    group_label: "Block 0"
  }

  dimension: col_0044 {
    label: "Column 44"
    type: yesno
    sql: ${TABLE}.col_0044 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0045 {
    label: "Column 45"
    type: string
    sql: ${TABLE}.col_0045 ;;
    group_label: "Block 0"
  }

  dimension: col_0046 {
    label: "Column 46"
    type: number
    sql: ${TABLE}.col_0046 ;;
    group_label: "Block 0"
  }

  dimension: col_0047 {
    label: "Column 47"
    type: yesno
    sql: ${TABLE}.col_0047 = 1 ;;
    group_label: "Block 0"
  }

  dimension: col_0048 {
    label: "Column 48"
    type: string
    sql: ${TABLE}.col_0048 ;;
    group_label: "Block 0"
  }

  dimension: col_0049 {
    label: "Column 49"
    type: number
    sql: ${TABLE}.col_0049 ;;
    group_label: "Block 0"
  }

  dimension: col_0050 {
    label: "Column 50"
    type: yesno
    sql: ${TABLE}.col_0050 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0051 {
    label: "Column 51"
    type: string
    sql: ${TABLE}.col_0051 ;;
    group_label: "Block 1"
  }

  dimension: col_0052 {
    label: "Column 52"
    type: number
    sql: ${TABLE}.col_0052 ;;
    group_label: "Block 1"
  }

  dimension: col_0053 {
    label: "Column 53"
    type: yesno
    sql: ${TABLE}.col_0053 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0054 {
    label: "Column 54"
    type: string
    sql: ${TABLE}.col_0054 ;;
    group_label: "Block 1"
  }

  dimension: col_0055 {
    label: "Column 55"
    type: number
    sql: ${TABLE}.col_0055 ;;
    group_label: "Block 1"
  }

  dimension: col_0056 {
    label: "Column 56"
    type: yesno
    sql: ${TABLE}.col_0056 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0057 {
    label: "Column 57"
    type: string
    sql: ${TABLE}.col_0057 ;;
    group_label: "Block 1"
  }

  dimension: col_0058 {
    label: "Column 58"
    type: number
    sql: ${TABLE}.col_0058 ;;
    group_label: "Block 1"
  }

  dimension: col_0059 {
    label: "Column 59"
    type: yesno
    sql: ${TABLE}.col_0059 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0060 {
    label: "Column 60"
    type: string
    sql: ${TABLE}.col_0060 ;;
    group_label: "Block 1"
  }

  dimension: col_0061 {
    label: "Column 61"
    type: number
    sql: ${TABLE}.col_0061 ;;
    group_label: "Block 1"
  }

  dimension: col_0062 {
    label: "Column 62"
    type: yesno
    sql: ${TABLE}.col_0062 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0063 {
    label: "Column 63"
    type: string
    sql: ${TABLE}.col_0063 ;;
    group_label: "Block 1"
  }

  dimension: col_0064 {
    label: "Column 64"
    type: number
    sql: ${TABLE}.col_0064 ;;
    group_label: "Block 1"
  }

  dimension: col_0065 {
    label: "Column 65"
    type: yesno
    sql: ${TABLE}.col_0065 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0066 {
    label: "Column 66"
    type: string
    sql: ${TABLE}.col_0066 ;;
    group_label: "Block 1"
  }

  dimension: col_0067 {
    label: "Column 67"
    type: number
    sql: ${TABLE}.col_0067 ;;
    group_label: "Block 1"
  }

  dimension: col_0068 {
    label: "Column 68"
    type: yesno
    sql: ${TABLE}.col_0068 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0069 {
    label: "Column 69"
    type: string
    sql: ${TABLE}.col_0069 ;;
    group_label: "Block 1"
  }

  dimension: col_0070 {
    label: "Column 70"
    type: number
    sql: ${TABLE}.col_0070 ;;
    group_label: "Block 1"
  }

  dimension: col_0071 {
    label: "Column 71"
    type: yesno
    sql: ${TABLE}.col_0071 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0072 {
    label: "Column 72"
    type: string
    sql: ${TABLE}.col_0072 ;;
    group_label: "Block 1"
  }

  dimension: col_0073 {
    label: "Column 73"
    type: number
    sql: ${TABLE}.col_0073 ;;
    group_label: "Block 1"
  }

  dimension: col_0074 {
    label: "Column 74"
    type: yesno
    sql: ${TABLE}.col_0074 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0075 {
    label: "Column 75"
    type: string
    sql: ${TABLE}.col_0075 ;;
    group_label: "Block 1"
  }

  dimension: col_0076 {
    label: "Column 76"
    type: number
    sql: ${TABLE}.col_0076 ;;
    group_label: "Block 1"
  }

  dimension: col_0077 {
    label: "Column 77"
    type: yesno
    sql: ${TABLE}.col_0077 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0078 {
    label: "Column 78"
    type: string
    sql: ${TABLE}.col_0078 ;;
    group_label: "Block 1"
  }

  dimension: col_0079 {
    label: "Column 79"
    type: number
    sql: ${TABLE}.col_0079 ;;
    group_label: "Block 1"
  }

  dimension: col_0080 {
    label: "Column 80"
    type: yesno
    sql: ${TABLE}.col_0080 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0081 {
    label: "Column 81"
    type: string
    sql: ${TABLE}.col_0081 ;;
    group_label: "Block 1"
  }

  dimension: col_0082 {
    label: "Column 82"
    type: number
    sql: ${TABLE}.col_0082 ;;
    group_label: "Block 1"
  }

  dimension: col_0083 {
    label: "Column 83"
    type: yesno
    sql: ${TABLE}.col_0083 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0084 {
    label: "Column 84"
    type: string
    sql: ${TABLE}.col_0084 ;;
    group_label: "Block 1"
  }

  dimension: col_0085 {
    label: "Column 85"
    type: number
    sql: ${TABLE}.col_0085 ;;
    group_label: "Block 1"
  }

  dimension: col_0086 {
    label: "Column 86"
    type: yesno
    sql: ${TABLE}.col_0086 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0087 {
    label: "Column 87"
    type: string
    sql: ${TABLE}.col_0087 ;;
    group_label: "Block 1"
  }

  dimension: col_0088 {
    label: "Column 88"
    type: number
    sql: ${TABLE}.col_0088 ;;
    group_label: "Block 1"
  }

  dimension: col_0089 {
    label: "Column 89"
    type: yesno
    sql: ${TABLE}.col_0089 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0090 {
    label: "Column 90"
    type: string
    sql: ${TABLE}.col_0090 ;;
    group_label: "Block 1"
  }

  dimension: col_0091 {
    label: "Column 91"
    type: number
    sql: ${TABLE}.col_0091 ;;
    group_label: "Block 1"
  }

  dimension: col_0092 {
    label: "Column 92"
    type: yesno
    sql: ${TABLE}.col_0092 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0093 {
    label: "Column 93"
    type: string
    sql: ${TABLE}.col_0093 ;;
    group_label: "Block 1"
  }

  dimension: col_0094 {
    label: "Column 94"
    type: number
    sql: ${TABLE}.col_0094 ;;
    group_label: "Block 1"
  }

  dimension: col_0095 {
    label: "Column 95"
    type: yesno
    sql: ${TABLE}.col_0095 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0096 {
    label: "Column 96"
    type: string
    sql: ${TABLE}.col_0096 ;;
    group_label: "Block 1"
  }

  dimension: col_0097 {
    label: "Column 97"
    type: number
    sql: ${TABLE}.col_0097 ;;
    group_label: "Block 1"
  }

  dimension: col_0098 {
    label: "Column 98"
    type: yesno
    sql: ${TABLE}.col_0098 = 1 ;;
    group_label: "Block 1"
  }

  dimension: col_0099 {
    label: "Column 99"
    type: string
    sql: ${TABLE}.col_0099 ;;
    group_label: "Block 1"
  }

  dimension: col_0100 {
    label: "Column 100"
    type: number
    sql: ${TABLE}.col_0100 ;;
    group_label: "Block 2"
  }

  dimension: col_0101 {
    label: "Column 101"
    type: yesno
    sql: ${TABLE}.col_0101 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0102 {
    label: "Column 102"
    type: string
    sql: ${TABLE}.col_0102 ;;
    group_label: "Block 2"
  }

  dimension: col_0103 {
    label: "Column 103"
    type: number
    sql: ${TABLE}.col_0103 ;;
    group_label: "Block 2"
  }

  dimension: col_0104 {
    label: "Column 104"
    type: yesno
    sql: ${TABLE}.col_0104 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0105 {
    label: "Column 105"
    type: string
    sql: ${TABLE}.col_0105 ;;
    group_label: "Block 2"
  }

  dimension: col_0106 {
    label: "Column 106"
    type: number
    sql: ${TABLE}.col_0106 ;;
    group_label: "Block 2"
  }

  dimension: col_0107 {
    label: "Column 107"
    type: yesno
    sql: ${TABLE}.col_0107 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0108 {
    label: "Column 108"
    type: string
    sql: ${TABLE}.col_0108 ;;
    group_label: "Block 2"
  }

  dimension: col_0109 {
    label: "Column 109"
    type: number
    sql: ${TABLE}.col_0109 ;;
    group_label: "Block 2"
  }

  dimension: col_0110 {
    label: "Column 110"
    type: yesno
    sql: ${TABLE}.col_0110 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0111 {
    label: "Column 111"
    type: string
    sql: ${TABLE}.col_0111 ;;
    group_label: "Block 2"
  }

  dimension: col_0112 {
    label: "Column 112"
    type: number
    sql: ${TABLE}.col_0112 ;;
    group_label: "Block 2"
  }

  dimension: col_0113 {
    label: "Column 113"
    type: yesno
    sql: ${TABLE}.col_0113 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0114 {
    label: "Column 114"
    type: string
    sql: ${TABLE}.col_0114 ;;
    group_label: "Block 2"
  }

  dimension: col_0115 {
    label: "Column 115"
    type: number
    sql: ${TABLE}.col_0115 ;;
    group_label: "Block 2"
  }

  dimension: col_0116 {
    label: "Column 116"
    type: yesno
    sql: ${TABLE}.col_0116 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0117 {
    label: "Column 117"
    type: string
    sql: ${TABLE}.col_0117 ;;
    group_label: "Block 2"
  }

  dimension: col_0118 {
    label: "Column 118"
    type: number
    sql: ${TABLE}.col_0118 ;;
    group_label: "Block 2"
  }

  dimension: col_0119 {
    label: "Column 119"
    type: yesno
    sql: ${TABLE}.col_0119 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0120 {
    label: "Column 120"
    type: string
    sql: ${TABLE}.col_0120 ;;
    group_label: "Block 2"
  }

  dimension: col_0121 {
    label: "Column 121"
    type: number
    sql: ${TABLE}.col_0121 ;;
    group_label: "Block 2"
  }

  dimension: col_0122 {
    label: "Column 122"
    type: yesno
    sql: ${TABLE}.col_0122 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0123 {
    label: "Column 123"
    type: string
    sql: ${TABLE}.col_0123 ;;
    group_label: "Block 2"
  }

  dimension: col_0124 {
    label: "Column 124"
    type: number
    sql: ${TABLE}.col_0124 ;;
    group_label: "Block 2"
  }

  dimension: col_0125 {
    label: "Column 125"
    type: yesno
    sql: ${TABLE}.col_0125 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0126 {
    label: "Column 126"
    type: string
    sql: ${TABLE}.col_0126 ;;
    group_label: "Block 2"
  }

  dimension: col_0127 {
    label: "Column 127"
    type: number
    sql: ${TABLE}.col_0127 ;;
    group_label: "Block 2"
  }

  dimension: col_0128 {
    label: "Column 128"
    type: yesno
    sql: ${TABLE}.col_0128 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0129 {
    label: "Column 129"
    type: string
    sql: ${TABLE}.col_0129 ;;
    group_label: "Block 2"
  }

  dimension: col_0130 {
    label: "Column 130"
    type: number
    sql: ${TABLE}.col_0130 ;;
    group_label: "Block 2"
  }

  dimension: col_0131 {
    label: "Column 131"
    type: yesno
    sql: ${TABLE}.col_0131 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0132 {
    label: "Column 132"
    type: string
    sql: ${TABLE}.col_0132 ;;
    group_label: "Block 2"
  }

  dimension: col_0133 {
    label: "Column 133"
    type: number
    sql: ${TABLE}.col_0133 ;;
    group_label: "Block 2"
  }

  dimension: col_0134 {
    label: "Column 134"
    type: yesno
    sql: ${TABLE}.col_0134 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0135 {
    label: "Column 135"
    type: string
    sql: ${TABLE}.col_0135 ;;
    group_label: "Block 2"
  }

  dimension: col_0136 {
    label: "Column 136"
    type: number
    sql: ${TABLE}.col_0136 ;;
    group_label: "Block 2"
  }

  dimension: col_0137 {
    label: "Column 137"
    type: yesno
    sql: ${TABLE}.col_0137 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0138 {
    label: "Column 138"
    type: string
    sql: ${TABLE}.col_0138 ;;
    group_label: "Block 2"
  }

  dimension: col_0139 {
    label: "Column 139"
    type: number
    sql: ${TABLE}.col_0139 ;;
    group_label: "Block 2"
  }

  dimension: col_0140 {
    label: "Column 140"
    type: yesno
    sql: ${TABLE}.col_0140 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0141 {
    label: "Column 141"
    type: string
    sql: ${TABLE}.col_0141 ;;
    group_label: "Block 2"
  }

  dimension: col_0142 {
    label: "Column 142"
    type: number
    sql: ${TABLE}.col_0142 ;;
    group_label: "Block 2"
  }

  dimension: col_0143 {
    label: "Column 143"
    type: yesno
    sql: ${TABLE}.col_0143 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0144 {
    label: "Column 144"
    type: string
    sql: ${TABLE}.col_0144 ;;
    group_label: "Block 2"
  }

  dimension: col_0145 {
    label: "Column 145"
    type: number
    sql: ${TABLE}.col_0145 ;;
    group_label: "Block 2"
  }

  dimension: col_0146 {
    label: "Column 146"
    type: yesno
    sql: ${TABLE}.col_0146 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0147 {
    label: "Column 147"
    type: string
    sql: ${TABLE}.col_0147 ;;
    group_label: "Block 2"
  }

  dimension: col_0148 {
    label: "Column 148"
    type: number
    sql: ${TABLE}.col_0148 ;;
    group_label: "Block 2"
  }

  dimension: col_0149 {
    label: "Column 149"
    type: yesno
    sql: ${TABLE}.col_0149 = 1 ;;
    group_label: "Block 2"
  }

  dimension: col_0150 {
    label: "Column 150"
    type: string
    sql: ${TABLE}.col_0150 ;;
    group_label: "Block 3"
  }

  dimension: col_0151 {
    label: "Column 151"
    type: number
    sql: ${TABLE}.col_0151 ;;
    group_label: "Block 3"
  }

  dimension: col_0152 {
    label: "Column 152"
    type: yesno
    sql: ${TABLE}.col_0152 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0153 {
    label: "Column 153"
    type: string
    sql: ${TABLE}.col_0153 ;;
    group_label: "Block 3"
  }

  dimension: col_0154 {
    label: "Column 154"
    type: number
    sql: ${TABLE}.col_0154 ;;
    group_label: "Block 3"
  }

  dimension: col_0155 {
    label: "Column 155"
    type: yesno
    sql: ${TABLE}.col_0155 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0156 {
    label: "Column 156"
    type: string
    sql: ${TABLE}.col_0156 ;;
    group_label: "Block 3"
  }

  dimension: col_0157 {
    label: "Column 157"
    type: number
    sql: ${TABLE}.col_0157 ;;
    group_label: "Block 3"
  }

  dimension: col_0158 {
    label: "Column 158"
    type: yesno
    sql: ${TABLE}.col_0158 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0159 {
    label: "Column 159"
    type: string
    sql: ${TABLE}.col_0159 ;;
    group_label: "Block 3"
  }

  dimension: col_0160 {
    label: "Column 160"
    type: number
    sql: ${TABLE}.col_0160 ;;
    group_label: "Block 3"
  }

  dimension: col_0161 {
    label: "Column 161"
    type: yesno
    sql: ${TABLE}.col_0161 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0162 {
    label: "Column 162"
    type: string
    sql: ${TABLE}.col_0162 ;;
    group_label: "Block 3"
  }

  dimension: col_0163 {
    label: "Column 163"
    type: number
    sql: ${TABLE}.col_0163 ;;
    group_label: "Block 3"
  }

  dimension: col_0164 {
    label: "Column 164"
    type: yesno
    sql: ${TABLE}.col_0164 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0165 {
    label: "Column 165"
    type: string
    sql: ${TABLE}.col_0165 ;;
    group_label: "Block 3"
  }

  dimension: col_0166 {
    label: "Column 166"
    type: number
    sql: ${TABLE}.col_0166 ;;
    group_label: "Block 3"
  }

  dimension: col_0167 {
    label: "Column 167"
    type: yesno
    sql: ${TABLE}.col_0167 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0168 {
    label: "Column 168"
    type: string
    sql: ${TABLE}.col_0168 ;;
    group_label: "Block 3"
  }

  dimension: col_0169 {
    label: "Column 169"
    type: number
    sql: ${TABLE}.col_0169 ;;
    group_label: "Block 3"
  }

  dimension: col_0170 {
    label: "Column 170"
    type: yesno
    sql: ${TABLE}.col_0170 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0171 {
    label: "Column 171"
    type: string
    sql: ${TABLE}.col_0171 ;;
    group_label: "Block 3"
  }

  dimension: col_0172 {
    label: "Column 172"
    type: number
    sql: ${TABLE}.col_0172 ;;
    group_label: "Block 3"
  }

  dimension: col_0173 {
    label: "Column 173"
    type: yesno
    sql: ${TABLE}.col_0173 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0174 {
    label: "Column 174"
    type: string
    sql: ${TABLE}.col_0174 ;;
    group_label: "Block 3"
  }

  dimension: col_0175 {
    label: "Column 175"
    type: number
    sql: ${TABLE}.col_0175 ;;
    group_label: "Block 3"
  }

  dimension: col_0176 {
    label: "Column 176"
    type: yesno
    sql: ${TABLE}.col_0176 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0177 {
    label: "Column 177"
    type: string
    sql: ${TABLE}.col_0177 ;;
    group_label: "Block 3"
  }

  dimension: col_0178 {
    label: "Column 178"
    type: number
    sql: ${TABLE}.col_0178 ;;
    group_label: "Block 3"
  }

  dimension: col_0179 {
    label: "Column 179"
    type: yesno
    sql: ${TABLE}.col_0179 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0180 {
    label: "Column 180"
    type: string
    sql: ${TABLE}.col_0180 ;;
    group_label: "Block 3"
  }

  dimension: col_0181 {
    label: "Column 181"
    type: number
    sql: ${TABLE}.col_0181 ;;
    group_label: "Block 3"
  }

  dimension: col_0182 {
    label: "Column 182"
    type: yesno
    sql: ${TABLE}.col_0182 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0183 {
    label: "Column 183"
    type: string
    sql: ${TABLE}.col_0183 ;;
    group_label: "Block 3"
  }

  dimension: col_0184 {
    label: "Column 184"
    type: number
    sql: ${TABLE}.col_0184 ;;
    group_label: "Block 3"
  }

  dimension: col_0185 {
    label: "Column 185"
    type: yesno
    sql: ${TABLE}.col_0185 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0186 {
    label: "Column 186"
    type: string
    sql: ${TABLE}.col_0186 ;;
    group_label: "Block 3"
  }

  dimension: col_0187 {
    label: "Column 187"
    type: number
    sql: ${TABLE}.col_0187 ;;
    group_label: "Block 3"
  }

  dimension: col_0188 {
    label: "Column 188"
    type: yesno
    sql: ${TABLE}.col_0188 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0189 {
    label: "Column 189"
    type: string
    sql: ${TABLE}.col_0189 ;;
    group_label: "Block 3"
  }

  dimension: col_0190 {
    label: "Column 190"
    type: number
    sql: ${TABLE}.col_0190 ;;
    group_label: "Block 3"
  }

  dimension: col_0191 {
    label: "Column 191"
    type: yesno
    sql: ${TABLE}.col_0191 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0192 {
    label: "Column 192"
    type: string
    sql: ${TABLE}.col_0192 ;;
    group_label: "Block 3"
  }

  dimension: col_0193 {
    label: "Column 193"
    type: number
    sql: ${TABLE}.col_0193 ;;
    group_label: "Block 3"
  }

  dimension: col_0194 {
    label: "Column 194"
    type: yesno
    sql: ${TABLE}.col_0194 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0195 {
    label: "Column 195"
    type: string
    sql: ${TABLE}.col_0195 ;;
    group_label: "Block 3"
  }

  dimension: col_0196 {
    label: "Column 196"
    type: number
    sql: ${TABLE}.col_0196 ;;
    group_label: "Block 3"
  }

  dimension: col_0197 {
    label: "Column 197"
    type: yesno
    sql: ${TABLE}.col_0197 = 1 ;;
    group_label: "Block 3"
  }

  dimension: col_0198 {
    label: "Column 198"
    type: string
    sql: ${TABLE}.col_0198 ;;
    group_label: "Block 3"
  }

  dimension: col_0199 {
    label: "Column 199"
    type: number
    sql: ${TABLE}.col_0199 ;;
    group_label: "Block 3"
  }

  dimension: col_0200 {
    label: "Column 200"
    type: yesno
    sql: ${TABLE}.col_0200 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0201 {
    label: "Column 201"
    type: string
    sql: ${TABLE}.col_0201 ;;
    group_label: "Block 4"
  }

  dimension: col_0202 {
    label: "Column 202"
    type: number
    sql: ${TABLE}.col_0202 ;;
    group_label: "Block 4"
  }

  dimension: col_0203 {
    label: "Column 203"
    type: yesno
    sql: ${TABLE}.col_0203 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0204 {
    label: "Column 204"
    type: string
    sql: ${TABLE}.col_0204 ;;
    group_label: "Block 4"
  }

  dimension: col_0205 {
    label: "Column 205"
    type: number
    sql: ${TABLE}.col_0205 ;;
    group_label: "Block 4"
  }

  dimension: col_0206 {
    label: "Column 206"
    type: yesno
    sql: ${TABLE}.col_0206 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0207 {
    label: "Column 207"
    type: string
    sql: ${TABLE}.col_0207 ;;
    group_label: "Block 4"
  }

  dimension: col_0208 {
    label: "Column 208"
    type: number
    sql: ${TABLE}.col_0208 ;;
    group_label: "Block 4"
  }

  dimension: col_0209 {
    label: "Column 209"
    type: yesno
    sql: ${TABLE}.col_0209 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0210 {
    label: "Column 210"
    type: string
    sql: ${TABLE}.col_0210 ;;
    group_label: "Block 4"
  }

  dimension: col_0211 {
    label: "Column 211"
    type: number
    sql: ${TABLE}.col_0211 ;;
    group_label: "Block 4"
  }

  dimension: col_0212 {
    label: "Column 212"
    type: yesno
    sql: ${TABLE}.col_0212 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0213 {
    label: "Column 213"
    type: string
    sql: ${TABLE}.col_0213 ;;
    group_label: "Block 4"
  }

  dimension: col_0214 {
    label: "Column 214"
    type: number
    sql: ${TABLE}.col_0214 ;;
    group_label: "Block 4"
  }

  dimension: col_0215 {
    label: "Column 215"
    type: yesno
    sql: ${TABLE}.col_0215 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0216 {
    label: "Column 216"
    type: string
    sql: ${TABLE}.col_0216 ;;
    group_label: "Block 4"
  }

  dimension: col_0217 {
    label: "Column 217"
    type: number
    sql: ${TABLE}.col_0217 ;;
    group_label: "Block 4"
  }

  dimension: col_0218 {
    label: "Column 218"
    type: yesno
    sql: ${TABLE}.col_0218 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0219 {
    label: "Column 219"
    type: string
    sql: ${TABLE}.col_0219 ;;
    group_label: "Block 4"
  }

  dimension: col_0220 {
    label: "Column 220"
    type: number
    sql: ${TABLE}.col_0220 ;;
    group_label: "Block 4"
  }

  dimension: col_0221 {
    label: "Column 221"
    type: yesno
    sql: ${TABLE}.col_0221 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0222 {
    label: "Column 222"
    type: string
    sql: ${TABLE}.col_0222 ;;
    group_label: "Block 4"
  }

  dimension: col_0223 {
    label: "Column 223"
    type: number
    sql: ${TABLE}.col_0223 ;;
    group_label: "Block 4"
  }

  dimension: col_0224 {
    label: "Column 224"
    type: yesno
    sql: ${TABLE}.col_0224 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0225 {
    label: "Column 225"
    type: string
    sql: ${TABLE}.col_0225 ;;
    group_label: "Block 4"
  }

  dimension: col_0226 {
    label: "Column 226"
    type: number
    sql: ${TABLE}.col_0226 ;;
    group_label: "Block 4"
  }

  dimension: col_0227 {
    label: "Column 227"
    type: yesno
    sql: ${TABLE}.col_0227 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0228 {
    label: "Column 228"
    type: string
    sql: ${TABLE}.col_0228 ;;
    group_label: "Block 4"
  }

  dimension: col_0229 {
    label: "Column 229"
    type: number
    sql: ${TABLE}.col_0229 ;;
    group_label: "Block 4"
  }

  dimension: col_0230 {
    label: "Column 230"
    type: yesno
    sql: ${TABLE}.col_0230 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0231 {
    label: "Column 231"
    type: string
    sql: ${TABLE}.col_0231 ;;
    group_label: "Block 4"
  }

  dimension: col_0232 {
    label: "Column 232"
    type: number
    sql: ${TABLE}.col_0232 ;;
    group_label: "Block 4"
  }

  dimension: col_0233 {
    label: "Column 233"
    type: yesno
    sql: ${TABLE}.col_0233 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0234 {
    label: "Column 234"
    type: string
    sql: ${TABLE}.col_0234 ;;
    group_label: "Block 4"
  }

  dimension: col_0235 {
    label: "Column 235"
    type: number
    sql: ${TABLE}.col_0235 ;;
    group_label: "Block 4"
  }

  dimension: col_0236 {
    label: "Column 236"
    type: yesno
    sql: ${TABLE}.col_0236 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0237 {
    label: "Column 237"
    type: string
    sql: ${TABLE}.col_0237 ;;
    group_label: "Block 4"
  }

  dimension: col_0238 {
    label: "Column 238"
    type: number
    sql: ${TABLE}.col_0238 ;;
    group_label: "Block 4"
  }

  dimension: col_0239 {
    label: "Column 239"
    type: yesno
    sql: ${TABLE}.col_0239 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0240 {
    label: "Column 240"
    type: string
    sql: ${TABLE}.col_0240 ;;
    group_label: "Block 4"
  }

  dimension: col_0241 {
    label: "Column 241"
    type: number
    sql: ${TABLE}.col_0241 ;;
    group_label: "Block 4"
  }

  dimension: col_0242 {
    label: "Column 242"
    type: yesno
    sql: ${TABLE}.col_0242 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0243 {
    label: "Column 243"
    type: string
    sql: ${TABLE}.col_0243 ;;
    group_label: "Block 4"
  }

  dimension: col_0244 {
    label: "Column 244"
    type: number
    sql: ${TABLE}.col_0244 ;;
    group_label: "Block 4"
  }

  dimension: col_0245 {
    label: "Column 245"
    type: yesno
    sql: ${TABLE}.col_0245 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0246 {
    label: "Column 246"
    type: string
    sql: ${TABLE}.col_0246 ;;
    group_label: "Block 4"
  }

  dimension: col_0247 {
    label: "Column 247"
    type: number
    sql: ${TABLE}.col_0247 ;;
    group_label: "Block 4"
  }

  dimension: col_0248 {
    label: "Column 248"
    type: yesno
    sql: ${TABLE}.col_0248 = 1 ;;
    group_label: "Block 4"
  }

  dimension: col_0249 {
    label: "Column 249"
    type: string
    sql: ${TABLE}.col_0249 ;;
    group_label: "Block 4"
  }

  dimension: col_0250 {
    label: "Column 250"
    type: number
    sql: ${TABLE}.col_0250 ;;
    group_label: "Block 5"
  }

  dimension: col_0251 {
    label: "Column 251"
    type: yesno
    sql: ${TABLE}.col_0251 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0252 {
    label: "Column 252"
    type: string
    sql: ${TABLE}.col_0252 ;;
    group_label: "Block 5"
  }

  dimension: col_0253 {
    label: "Column 253"
    type: number
    sql: ${TABLE}.col_0253 ;;
    group_label: "Block 5"
  }

  dimension: col_0254 {
    label: "Column 254"
    type: yesno
    sql: ${TABLE}.col_0254 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0255 {
    label: "Column 255"
    type: string
    sql: ${TABLE}.col_0255 ;;
    group_label: "Block 5"
  }

  dimension: col_0256 {
    label: "Column 256"
    type: number
    sql: ${TABLE}.col_0256 ;;
    group_label: "Block 5"
  }

  dimension: col_0257 {
    label: "Column 257"
    type: yesno
    sql: ${TABLE}.col_0257 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0258 {
    label: "Column 258"
    type: string
    sql: ${TABLE}.col_0258 ;;
    group_label: "Block 5"
  }

  dimension: col_0259 {
    label: "Column 259"
    type: number
    sql: ${TABLE}.col_0259 ;;
    group_label: "Block 5"
  }

  dimension: col_0260 {
    label: "Column 260"
    type: yesno
    sql: ${TABLE}.col_0260 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0261 {
    label: "Column 261"
    type: string
    sql: ${TABLE}.col_0261 ;;
    group_label: "Block 5"
  }

  dimension: col_0262 {
    label: "Column 262"
    type: number
    sql: ${TABLE}.col_0262 ;;
    group_label: "Block 5"
  }

  dimension: col_0263 {
    label: "Column 263"
    type: yesno
    sql: ${TABLE}.col_0263 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0264 {
    label: "Column 264"
    type: string
    sql: ${TABLE}.col_0264 ;;
    group_label: "Block 5"
  }

  dimension: col_0265 {
    label: "Column 265"
    type: number
    sql: ${TABLE}.col_0265 ;;
    group_label: "Block 5"
  }

  dimension: col_0266 {
    label: "Column 266"
    type: yesno
    sql: ${TABLE}.col_0266 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0267 {
    label: "Column 267"
    type: string
    sql: ${TABLE}.col_0267 ;;
    group_label: "Block 5"
  }

  dimension: col_0268 {
    label: "Column 268"
    type: number
    sql: ${TABLE}.col_0268 ;;
    group_label: "Block 5"
  }

  dimension: col_0269 {
    label: "Column 269"
    type: yesno
    sql: ${TABLE}.col_0269 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0270 {
    label: "Column 270"
    type: string
    sql: ${TABLE}.col_0270 ;;
    group_label: "Block 5"
  }

  dimension: col_0271 {
    label: "Column 271"
    type: number
    sql: ${TABLE}.col_0271 ;;
    group_label: "Block 5"
  }

  dimension: col_0272 {
    label: "Column 272"
    type: yesno
    sql: ${TABLE}.col_0272 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0273 {
    label: "Column 273"
    type: string
    sql: ${TABLE}.col_0273 ;;
    group_label: "Block 5"
  }

  dimension: col_0274 {
    label: "Column 274"
    type: number
    sql: ${TABLE}.col_0274 ;;
    group_label: "Block 5"
  }

  dimension: col_0275 {
    label: "Column 275"
    type: yesno
    sql: ${TABLE}.col_0275 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0276 {
    label: "Column 276"
    type: string
    sql: ${TABLE}.col_0276 ;;
    group_label: "Block 5"
  }

  dimension: col_0277 {
    label: "Column 277"
    type: number
    sql: ${TABLE}.col_0277 ;;
    group_label: "Block 5"
  }

  dimension: col_0278 {
    label: "Column 278"
    type: yesno
    sql: ${TABLE}.col_0278 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0279 {
    label: "Column 279"
    type: string
    sql: ${TABLE}.col_0279 ;;
    group_label: "Block 5"
  }

  dimension: col_0280 {
    label: "Column 280"
    type: number
    sql: ${TABLE}.col_0280 ;;
    group_label: "Block 5"
  }

  dimension: col_0281 {
    label: "Column 281"
    type: yesno
    sql: ${TABLE}.col_0281 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0282 {
    label: "Column 282"
    type: string
    sql: ${TABLE}.col_0282 ;;
    group_label: "Block 5"
  }

  dimension: col_0283 {
    label: "Column 283"
    type: number
    sql: ${TABLE}.col_0283 ;;
    group_label: "Block 5"
  }

  dimension: col_0284 {
    label: "Column 284"
    type: yesno
    sql: ${TABLE}.col_0284 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0285 {
    label: "Column 285"
    type: string
    sql: ${TABLE}.col_0285 ;;
    group_label: "Block 5"
  }

  dimension: col_0286 {
    label: "Column 286"
    type: number
    sql: ${TABLE}.col_0286 ;;
    group_label: "Block 5"
  }

  dimension: col_0287 {
    label: "Column 287"
    type: yesno
    sql: ${TABLE}.col_0287 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0288 {
    label: "Column 288"
    type: string
    sql: ${TABLE}.col_0288 ;;
    group_label: "Block 5"
  }

  dimension: col_0289 {
    label: "Column 289"
    type: number
    sql: ${TABLE}.col_0289 ;;
    group_label: "Block 5"
  }

  dimension: col_0290 {
    label: "Column 290"
    type: yesno
    sql: ${TABLE}.col_0290 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0291 {
    label: "Column 291"
    type: string
    sql: ${TABLE}.col_0291 ;;
    group_label: "Block 5"
  }

  dimension: col_0292 {
    label: "Column 292"
    type: number
    sql: ${TABLE}.col_0292 ;;
    group_label: "Block 5"
  }

  dimension: col_0293 {
    label: "Column 293"
    type: yesno
    sql: ${TABLE}.col_0293 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0294 {
    label: "Column 294"
    type: string
    sql: ${TABLE}.col_0294 ;;
    group_label: "Block 5"
  }

  dimension: col_0295 {
    label: "Column 295"
    type: number
    sql: ${TABLE}.col_0295 ;;
    group_label: "Block 5"
  }

  dimension: col_0296 {
    label: "Column 296"
    type: yesno
    sql: ${TABLE}.col_0296 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0297 {
    label: "Column 297"
    type: string
    sql: ${TABLE}.col_0297 ;;
    group_label: "Block 5"
  }

  dimension: col_0298 {
    label: "Column 298"
    type: number
    sql: ${TABLE}.col_0298 ;;
    group_label: "Block 5"
  }

  dimension: col_0299 {
    label: "Column 299"
    type: yesno
    sql: ${TABLE}.col_0299 = 1 ;;
    group_label: "Block 5"
  }

  dimension: col_0300 {
    label: "Column 300"
    type: string
    sql: ${TABLE}.col_0300 ;;
    group_label: "Block 6"
  }

  dimension: col_0301 {
    label: "Column 301"
    type: number
    sql: ${TABLE}.col_0301 ;;
    group_label: "Block 6"
  }

  dimension: col_0302 {
    label: "Column 302"
    type: yesno
    sql: ${TABLE}.col_0302 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0303 {
    label: "Column 303"
    type: string
    sql: ${TABLE}.col_0303 ;;
    group_label: "Block 6"
  }

  dimension: col_0304 {
    label: "Column 304"
    type: number
    sql: ${TABLE}.col_0304 ;;
    group_label: "Block 6"
  }

  dimension: col_0305 {
    label: "Column 305"
    type: yesno
    sql: ${TABLE}.col_0305 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0306 {
    label: "Column 306"
    type: string
    sql: ${TABLE}.col_0306 ;;
    group_label: "Block 6"
  }

  dimension: col_0307 {
    label: "Column 307"
    type: number
    sql: ${TABLE}.col_0307 ;;
    group_label: "Block 6"
  }

  dimension: col_0308 {
    label: "Column 308"
    type: yesno
    sql: ${TABLE}.col_0308 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0309 {
    label: "Column 309"
    type: string
    sql: ${TABLE}.col_0309 ;;
    group_label: "Block 6"
  }

  dimension: col_0310 {
    label: "Column 310"
    type: number
    sql: ${TABLE}.col_0310 ;;
    group_label: "Block 6"
  }

  dimension: col_0311 {
    label: "Column 311"
    type: yesno
    sql: ${TABLE}.col_0311 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0312 {
    label: "Column 312"
    type: string
    sql: ${TABLE}.col_0312 ;;
    group_label: "Block 6"
  }

  dimension: col_0313 {
    label: "Column 313"
    type: number
    sql: ${TABLE}.col_0313 ;;
    group_label: "Block 6"
  }

  dimension: col_0314 {
    label: "Column 314"
    type: yesno
    sql: ${TABLE}.col_0314 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0315 {
    label: "Column 315"
    type: string
    sql: ${TABLE}.col_0315 ;;
    group_label: "Block 6"
  }

  dimension: col_0316 {
    label: "Column 316"
    type: number
    sql: ${TABLE}.col_0316 ;;
    group_label: "Block 6"
  }

  dimension: col_0317 {
    label: "Column 317"
    type: yesno
    sql: ${TABLE}.col_0317 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0318 {
    label: "Column 318"
    type: string
    sql: ${TABLE}.col_0318 ;;
    group_label: "Block 6"
  }

  dimension: col_0319 {
    label: "Column 319"
    type: number
    sql: ${TABLE}.col_0319 ;;
    group_label: "Block 6"
  }

  dimension: col_0320 {
    label: "Column 320"
    type: yesno
    sql: ${TABLE}.col_0320 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0321 {
    label: "Column 321"
    type: string
    sql: ${TABLE}.col_0321 ;;
    group_label: "Block 6"
  }

  dimension: col_0322 {
    label: "Column 322"
    type: number
    sql: ${TABLE}.col_0322 ;;
    group_label: "Block 6"
  }

  dimension: col_0323 {
    label: "Column 323"
    type: yesno
    sql: ${TABLE}.col_0323 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0324 {
    label: "Column 324"
    type: string
    sql: ${TABLE}.col_0324 ;;
    group_label: "Block 6"
  }

  dimension: col_0325 {
    label: "Column 325"
    type: number
    sql: ${TABLE}.col_0325 ;;
    group_label: "Block 6"
  }

  dimension: col_0326 {
    label: "Column 326"
    type: yesno
    sql: ${TABLE}.col_0326 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0327 {
    label: "Column 327"
    type: string
    sql: ${TABLE}.col_0327 ;;
    group_label: "Block 6"
  }

  dimension: col_0328 {
    label: "Column 328"
    type: number
    sql: ${TABLE}.col_0328 ;;
    group_label: "Block 6"
  }

  dimension: col_0329 {
    label: "Column 329"
    type: yesno
    sql: ${TABLE}.col_0329 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0330 {
    label: "Column 330"
    type: string
    sql: ${TABLE}.col_0330 ;;
    group_label: "Block 6"
  }

  dimension: col_0331 {
    label: "Column 331"
    type: number
    sql: ${TABLE}.col_0331 ;;
    group_label: "Block 6"
  }

  dimension: col_0332 {
    label: "Column 332"
    type: yesno
    sql: ${TABLE}.col_0332 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0333 {
    label: "Column 333"
    type: string
    sql: ${TABLE}.col_0333 ;;
    group_label: "Block 6"
  }

  dimension: col_0334 {
    label: "Column 334"
    type: number
    sql: ${TABLE}.col_0334 ;;
    group_label: "Block 6"
  }

  dimension: col_0335 {
    label: "Column 335"
    type: yesno
    sql: ${TABLE}.col_0335 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0336 {
    label: "Column 336"
    type: string
    sql: ${TABLE}.col_0336 ;;
    group_label: "Block 6"
  }

  dimension: col_0337 {
    label: "Column 337"
    type: number
    sql: ${TABLE}.col_0337 ;;
    group_label: "Block 6"
  }

  dimension: col_0338 {
    label: "Column 338"
    type: yesno
    sql: ${TABLE}.col_0338 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0339 {
    label: "Column 339"
    type: string
    sql: ${TABLE}.col_0339 ;;
    group_label: "Block 6"
  }

  dimension: col_0340 {
    label: "Column 340"
    type: number
    sql: ${TABLE}.col_0340 ;;
    group_label: "Block 6"
  }

  dimension: col_0341 {
    label: "Column 341"
    type: yesno
    sql: ${TABLE}.col_0341 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0342 {
    label: "Column 342"
    type: string
    sql: ${TABLE}.col_0342 ;;
    group_label: "Block 6"
  }

  dimension: col_0343 {
    label: "Column 343"
    type: number
    sql: ${TABLE}.col_0343 ;;
    group_label: "Block 6"
  }

  dimension: col_0344 {
    label: "Column 344"
    type: yesno
    sql: ${TABLE}.col_0344 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0345 {
    label: "Column 345"
    type: string
    sql: ${TABLE}.col_0345 ;;
    group_label: "Block 6"
  }

  dimension: col_0346 {
    label: "Column 346"
    type: number
    sql: ${TABLE}.col_0346 ;;
    group_label: "Block 6"
  }

  dimension: col_0347 {
    label: "Column 347"
    type: yesno
    sql: ${TABLE}.col_0347 = 1 ;;
    group_label: "Block 6"
  }

  dimension: col_0348 {
    label: "Column 348"
    type: string
    sql: ${TABLE}.col_0348 ;;
    group_label: "Block 6"
  }

  dimension: col_0349 {
    label: "Column 349"
    type: number
    sql: ${TABLE}.col_0349 ;;
    group_label: "Block 6"
  }

  dimension: col_0350 {
    label: "Column 350"
    type: yesno
    sql: ${TABLE}.col_0350 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0351 {
    label: "Column 351"
    type: string
    sql: ${TABLE}.col_0351 ;;
    group_label: "Block 7"
  }

  dimension: col_0352 {
    label: "Column 352"
    type: number
    sql: ${TABLE}.col_0352 ;;
    group_label: "Block 7"
  }

  dimension: col_0353 {
    label: "Column 353"
    type: yesno
    sql: ${TABLE}.col_0353 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0354 {
    label: "Column 354"
    type: string
    sql: ${TABLE}.col_0354 ;;
    group_label: "Block 7"
  }

  dimension: col_0355 {
    label: "Column 355"
    type: number
    sql: ${TABLE}.col_0355 ;;
    group_label: "Block 7"
  }

  dimension: col_0356 {
    label: "Column 356"
    type: yesno
    sql: ${TABLE}.col_0356 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0357 {
    label: "Column 357"
    type: string
    sql: ${TABLE}.col_0357 ;;
    group_label: "Block 7"
  }

  dimension: col_0358 {
    label: "Column 358"
    type: number
    sql: ${TABLE}.col_0358 ;;
    group_label: "Block 7"
  }

  dimension: col_0359 {
    label: "Column 359"
    type: yesno
    sql: ${TABLE}.col_0359 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0360 {
    label: "Column 360"
    type: string
    sql: ${TABLE}.col_0360 ;;
    group_label: "Block 7"
  }

  dimension: col_0361 {
    label: "Column 361"
    type: number
    sql: ${TABLE}.col_0361 ;;
    group_label: "Block 7"
  }

  dimension: col_0362 {
    label: "Column 362"
    type: yesno
    sql: ${TABLE}.col_0362 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0363 {
    label: "Column 363"
    type: string
    sql: ${TABLE}.col_0363 ;;
    group_label: "Block 7"
  }

  dimension: col_0364 {
    label: "Column 364"
    type: number
    sql: ${TABLE}.col_0364 ;;
    group_label: "Block 7"
  }

  dimension: col_0365 {
    label: "Column 365"
    type: yesno
    sql: ${TABLE}.col_0365 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0366 {
    label: "Column 366"
    type: string
    sql: ${TABLE}.col_0366 ;;
    group_label: "Block 7"
  }

  dimension: col_0367 {
    label: "Column 367"
    type: number
    sql: ${TABLE}.col_0367 ;;
    group_label: "Block 7"
  }

  dimension: col_0368 {
    label: "Column 368"
    type: yesno
    sql: ${TABLE}.col_0368 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0369 {
    label: "Column 369"
    type: string
    sql: ${TABLE}.col_0369 ;;
    group_label: "Block 7"
  }

  dimension: col_0370 {
    label: "Column 370"
    type: number
    sql: ${TABLE}.col_0370 ;;
    group_label: "Block 7"
  }

  dimension: col_0371 {
    label: "Column 371"
    type: yesno
    sql: ${TABLE}.col_0371 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0372 {
    label: "Column 372"
    type: string
    sql: ${TABLE}.col_0372 ;;
    group_label: "Block 7"
  }

  dimension: col_0373 {
    label: "Column 373"
    type: number
    sql: ${TABLE}.col_0373 ;;
    group_label: "Block 7"
  }

  dimension: col_0374 {
    label: "Column 374"
    type: yesno
    sql: ${TABLE}.col_0374 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0375 {
    label: "Column 375"
    type: string
    sql: ${TABLE}.col_0375 ;;
    group_label: "Block 7"
  }

  dimension: col_0376 {
    label: "Column 376"
    type: number
    sql: ${TABLE}.col_0376 ;;
    group_label: "Block 7"
  }

  dimension: col_0377 {
    label: "Column 377"
    type: yesno
    sql: ${TABLE}.col_0377 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0378 {
    label: "Column 378"
    type: string
    sql: ${TABLE}.col_0378 ;;
    group_label: "Block 7"
  }

  dimension: col_0379 {
    label: "Column 379"
    type: number
    sql: ${TABLE}.col_0379 ;;
    group_label: "Block 7"
  }

  dimension: col_0380 {
    label: "Column 380"
    type: yesno
    sql: ${TABLE}.col_0380 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0381 {
    label: "Column 381"
    type: string
    sql: ${TABLE}.col_0381 ;;
    group_label: "Block 7"
  }

  dimension: col_0382 {
    label: "Column 382"
    type: number
    sql: ${TABLE}.col_0382 ;;
    group_label: "Block 7"
  }

  dimension: col_0383 {
    label: "Column 383"
    type: yesno
    sql: ${TABLE}.col_0383 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0384 {
    label: "Column 384"
    type: string
    sql: ${TABLE}.col_0384 ;;
    group_label: "Block 7"
  }

  dimension: col_0385 {
    label: "Column 385"
    type: number
    sql: ${TABLE}.col_0385 ;;
    group_label: "Block 7"
  }

  dimension: col_0386 {
    label: "Column 386"
    type: yesno
    sql: ${TABLE}.col_0386 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0387 {
    label: "Column 387"
    type: string
    sql: ${TABLE}.col_0387 ;;
    group_label: "Block 7"
  }

  dimension: col_0388 {
    label: "Column 388"
    type: number
    sql: ${TABLE}.col_0388 ;;
    group_label: "Block 7"
  }

  dimension: col_0389 {
    label: "Column 389"
    type: yesno
    sql: ${TABLE}.col_0389 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0390 {
    label: "Column 390"
    type: string
    sql: ${TABLE}.col_0390 ;;
    group_label: "Block 7"
  }

  dimension: col_0391 {
    label: "Column 391"
    type: number
    sql: ${TABLE}.col_0391 ;;
    group_label: "Block 7"
  }

  dimension: col_0392 {
    label: "Column 392"
    type: yesno
    sql: ${TABLE}.col_0392 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0393 {
    label: "Column 393"
    type: string
    sql: ${TABLE}.col_0393 ;;
    group_label: "Block 7"
  }

  dimension: col_0394 {
    label: "Column 394"
    type: number
    sql: ${TABLE}.col_0394 ;;
    group_label: "Block 7"
  }

  dimension: col_0395 {
    label: "Column 395"
    type: yesno
    sql: ${TABLE}.col_0395 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0396 {
    label: "Column 396"
    type: string
    sql: ${TABLE}.col_0396 ;;
    group_label: "Block 7"
  }

  dimension: col_0397 {
    label: "Column 397"
    type: number
    sql: ${TABLE}.col_0397 ;;
    group_label: "Block 7"
  }

  dimension: col_0398 {
    label: "Column 398"
    type: yesno
    sql: ${TABLE}.col_0398 = 1 ;;
    group_label: "Block 7"
  }

  dimension: col_0399 {
    label: "Column 399"
    type: string
    sql: ${TABLE}.col_0399 ;;
    group_label: "Block 7"
  }

  dimension: col_0400 {
    label: "Column 400"
    type: number
    sql: ${TABLE}.col_0400 ;;
    group_label: "Block 8"
  }

  dimension: col_0401 {
    label: "Column 401"
    type: yesno
    sql: ${TABLE}.col_0401 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0402 {
    label: "Column 402"
    type: string
    sql: ${TABLE}.col_0402 ;;
    group_label: "Block 8"
  }

  dimension: col_0403 {
    label: "Column 403"
    type: number
    sql: ${TABLE}.col_0403 ;;
    group_label: "Block 8"
  }

  dimension: col_0404 {
    label: "Column 404"
    type: yesno
    sql: ${TABLE}.col_0404 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0405 {
    label: "Column 405"
    type: string
    sql: ${TABLE}.col_0405 ;;
    group_label: "Block 8"
  }

  dimension: col_0406 {
    label: "Column 406"
    type: number
    sql: ${TABLE}.col_0406 ;;
    group_label: "Block 8"
  }

  dimension: col_0407 {
    label: "Column 407"
    type: yesno
    sql: ${TABLE}.col_0407 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0408 {
    label: "Column 408"
    type: string
    sql: ${TABLE}.col_0408 ;;
    group_label: "Block 8"
  }

  dimension: col_0409 {
    label: "Column 409"
    type: number
    sql: ${TABLE}.col_0409 ;;
    group_label: "Block 8"
  }

  dimension: col_0410 {
    label: "Column 410"
    type: yesno
    sql: ${TABLE}.col_0410 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0411 {
    label: "Column 411"
    type: string
    sql: ${TABLE}.col_0411 ;;
    group_label: "Block 8"
  }

  dimension: col_0412 {
    label: "Column 412"
    type: number
    sql: ${TABLE}.col_0412 ;;
    group_label: "Block 8"
  }

  dimension: col_0413 {
    label: "Column 413"
    type: yesno
    sql: ${TABLE}.col_0413 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0414 {
    label: "Column 414"
    type: string
    sql: ${TABLE}.col_0414 ;;
    group_label: "Block 8"
  }

  dimension: col_0415 {
    label: "Column 415"
    type: number
    sql: ${TABLE}.col_0415 ;;
    group_label: "Block 8"
  }

  dimension: col_0416 {
    label: "Column 416"
    type: yesno
    sql: ${TABLE}.col_0416 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0417 {
    label: "Column 417"
    type: string
    sql: ${TABLE}.col_0417 ;;
    group_label: "Block 8"
  }

  dimension: col_0418 {
    label: "Column 418"
    type: number
    sql: ${TABLE}.col_0418 ;;
    group_label: "Block 8"
  }

  dimension: col_0419 {
    label: "Column 419"
    type: yesno
    sql: ${TABLE}.col_0419 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0420 {
    label: "Column 420"
    type: string
    sql: ${TABLE}.col_0420 ;;
    group_label: "Block 8"
  }

  dimension: col_0421 {
    label: "Column 421"
    type: number
    sql: ${TABLE}.col_0421 ;;
    group_label: "Block 8"
  }

  dimension: col_0422 {
    label: "Column 422"
    type: yesno
    sql: ${TABLE}.col_0422 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0423 {
    label: "Column 423"
    type: string
    sql: ${TABLE}.col_0423 ;;
    group_label: "Block 8"
  }

  dimension: col_0424 {
    label: "Column 424"
    type: number
    sql: ${TABLE}.col_0424 ;;
    group_label: "Block 8"
  }

  dimension: col_0425 {
    label: "Column 425"
    type: yesno
    sql: ${TABLE}.col_0425 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0426 {
    label: "Column 426"
    type: string
    sql: ${TABLE}.col_0426 ;;
    group_label: "Block 8"
  }

  dimension: col_0427 {
    label: "Column 427"
    type: number
    sql: ${TABLE}.col_0427 ;;
    group_label: "Block 8"
  }

  dimension: col_0428 {
    label: "Column 428"
    type: yesno
    sql: ${TABLE}.col_0428 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0429 {
    label: "Column 429"
    type: string
    sql: ${TABLE}.col_0429 ;;
    group_label: "Block 8"
  }

  dimension: col_0430 {
    label: "Column 430"
    type: number
    sql: ${TABLE}.col_0430 ;;
    group_label: "Block 8"
  }

  dimension: col_0431 {
    label: "Column 431"
    type: yesno
    sql: ${TABLE}.col_0431 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0432 {
    label: "Column 432"
    type: string
    sql: ${TABLE}.col_0432 ;;
    group_label: "Block 8"
  }

  dimension: col_0433 {
    label: "Column 433"
    type: number
    sql: ${TABLE}.col_0433 ;;
    group_label: "Block 8"
  }

  dimension: col_0434 {
    label: "Column 434"
    type: yesno
    sql: ${TABLE}.col_0434 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0435 {
    label: "Column 435"
    type: string
    sql: ${TABLE}.col_0435 ;;
    group_label: "Block 8"
  }

  dimension: col_0436 {
    label: "Column 436"
    type: number
    sql: ${TABLE}.col_0436 ;;
    group_label: "Block 8"
  }

  dimension: col_0437 {
    label: "Column 437"
    type: yesno
    sql: ${TABLE}.col_0437 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0438 {
    label: "Column 438"
    type: string
    sql: ${TABLE}.col_0438 ;;
    group_label: "Block 8"
  }

  dimension: col_0439 {
    label: "Column 439"
    type: number
    sql: ${TABLE}.col_0439 ;;
    group_label: "Block 8"
  }

  dimension: col_0440 {
    label: "Column 440"
    type: yesno
    sql: ${TABLE}.col_0440 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0441 {
    label: "Column 441"
    type: string
    sql: ${TABLE}.col_0441 ;;
    group_label: "Block 8"
  }

  dimension: col_0442 {
    label: "Column 442"
    type: number
    sql: ${TABLE}.col_0442 ;;
    group_label: "Block 8"
  }

  dimension: col_0443 {
    label: "Column 443"
    type: yesno
    sql: ${TABLE}.col_0443 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0444 {
    label: "Column 444"
    type: string
    sql: ${TABLE}.col_0444 ;;
    group_label: "Block 8"
  }

  dimension: col_0445 {
    label: "Column 445"
    type: number
    sql: ${TABLE}.col_0445 ;;
    group_label: "Block 8"
  }

  dimension: col_0446 {
    label: "Column 446"
    type: yesno
    sql: ${TABLE}.col_0446 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0447 {
    label: "Column 447"
    type: string
    sql: ${TABLE}.col_0447 ;;
    group_label: "Block 8"
  }

  dimension: col_0448 {
    label: "Column 448"
    type: number
    sql: ${TABLE}.col_0448 ;;
    group_label: "Block 8"
  }

  dimension: col_0449 {
    label: "Column 449"
    type: yesno
    sql: ${TABLE}.col_0449 = 1 ;;
    group_label: "Block 8"
  }

  dimension: col_0450 {
    label: "Column 450"
    type: string
    sql: ${TABLE}.col_0450 ;;
    group_label: "Block 9"
  }

  dimension: col_0451 {
    label: "Column 451"
    type: number
    sql: ${TABLE}.col_0451 ;;
    group_label: "Block 9"
  }

  dimension: col_0452 {
    label: "Column 452"
    type: yesno
    sql: ${TABLE}.col_0452 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0453 {
    label: "Column 453"
    type: string
    sql: ${TABLE}.col_0453 ;;
    group_label: "Block 9"
  }

  dimension: col_0454 {
    label: "Column 454"
    type: number
    sql: ${TABLE}.col_0454 ;;
    group_label: "Block 9"
  }

  dimension: col_0455 {
    label: "Column 455"
    type: yesno
    sql: ${TABLE}.col_0455 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0456 {
    label: "Column 456"
    type: string
    sql: ${TABLE}.col_0456 ;;
    group_label: "Block 9"
  }

  dimension: col_0457 {
    label: "Column 457"
    type: number
    sql: ${TABLE}.col_0457 ;;
    group_label: "Block 9"
  }

  dimension: col_0458 {
    label: "Column 458"
    type: yesno
    sql: ${TABLE}.col_0458 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0459 {
    label: "Column 459"
    type: string
    sql: ${TABLE}.col_0459 ;;
    group_label: "Block 9"
  }

  dimension: col_0460 {
    label: "Column 460"
    type: number
    sql: ${TABLE}.col_0460 ;;
    group_label: "Block 9"
  }

  dimension: col_0461 {
    label: "Column 461"
    type: yesno
    sql: ${TABLE}.col_0461 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0462 {
    label: "Column 462"
    type: string
    sql: ${TABLE}.col_0462 ;;
    group_label: "Block 9"
  }

  dimension: col_0463 {
    label: "Column 463"
    type: number
    sql: ${TABLE}.col_0463 ;;
    group_label: "Block 9"
  }

  dimension: col_0464 {
    label: "Column 464"
    type: yesno
    sql: ${TABLE}.col_0464 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0465 {
    label: "Column 465"
    type: string
    sql: ${TABLE}.col_0465 ;;
    group_label: "Block 9"
  }

  dimension: col_0466 {
    label: "Column 466"
    type: number
    sql: ${TABLE}.col_0466 ;;
    group_label: "Block 9"
  }

  dimension: col_0467 {
    label: "Column 467"
    type: yesno
    sql: ${TABLE}.col_0467 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0468 {
    label: "Column 468"
    type: string
    sql: ${TABLE}.col_0468 ;;
    group_label: "Block 9"
  }

  dimension: col_0469 {
    label: "Column 469"
    type: number
    sql: ${TABLE}.col_0469 ;;
    group_label: "Block 9"
  }

  dimension: col_0470 {
    label: "Column 470"
    type: yesno
    sql: ${TABLE}.col_0470 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0471 {
    label: "Column 471"
    type: string
    sql: ${TABLE}.col_0471 ;;
    group_label: "Block 9"
  }

  dimension: col_0472 {
    label: "Column 472"
    type: number
    sql: ${TABLE}.col_0472 ;;
    group_label: "Block 9"
  }

  dimension: col_0473 {
    label: "Column 473"
    type: yesno
    sql: ${TABLE}.col_0473 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0474 {
    label: "Column 474"
    type: string
    sql: ${TABLE}.col_0474 ;;
    group_label: "Block 9"
  }

  dimension: col_0475 {
    label: "Column 475"
    type: number
    sql: ${TABLE}.col_0475 ;;
    group_label: "Block 9"
  }

  dimension: col_0476 {
    label: "Column 476"
    type: yesno
    sql: ${TABLE}.col_0476 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0477 {
    label: "Column 477"
    type: string
    sql: ${TABLE}.col_0477 ;;
    group_label: "Block 9"
  }

  dimension: col_0478 {
    label: "Column 478"
    type: number
    sql: ${TABLE}.col_0478 ;;
    group_label: "Block 9"
  }

  dimension: col_0479 {
    label: "Column 479"
    type: yesno
    sql: ${TABLE}.col_0479 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0480 {
    label: "Column 480"
    type: string
    sql: ${TABLE}.col_0480 ;;
    group_label: "Block 9"
  }

  dimension: col_0481 {
    label: "Column 481"
    type: number
    sql: ${TABLE}.col_0481 ;;
    group_label: "Block 9"
  }

  dimension: col_0482 {
    label: "Column 482"
    type: yesno
    sql: ${TABLE}.col_0482 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0483 {
    label: "Column 483"
    type: string
    sql: ${TABLE}.col_0483 ;;
    group_label: "Block 9"
  }

  dimension: col_0484 {
    label: "Column 484"
    type: number
    sql: ${TABLE}.col_0484 ;;
    group_label: "Block 9"
  }

  dimension: col_0485 {
    label: "Column 485"
    type: yesno
    sql: ${TABLE}.col_0485 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0486 {
    label: "Column 486"
    type: string
    sql: ${TABLE}.col_0486 ;;
    group_label: "Block 9"
  }

  dimension: col_0487 {
    label: "Column 487"
    type: number
    sql: ${TABLE}.col_0487 ;;
    group_label: "Block 9"
  }

  dimension: col_0488 {
    label: "Column 488"
    type: yesno
    sql: ${TABLE}.col_0488 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0489 {
    label: "Column 489"
    type: string
    sql: ${TABLE}.col_0489 ;;
    group_label: "Block 9"
  }

  dimension: col_0490 {
    label: "Column 490"
    type: number
    sql: ${TABLE}.col_0490 ;;
    group_label: "Block 9"
  }

  dimension: col_0491 {
    label: "Column 491"
    type: yesno
    sql: ${TABLE}.col_0491 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0492 {
    label: "Column 492"
    type: string
    sql: ${TABLE}.col_0492 ;;
    group_label: "Block 9"
  }

  dimension: col_0493 {
    label: "Column 493"
    type: number
    sql: ${TABLE}.col_0493 ;;
    group_label: "Block 9"
  }

  dimension: col_0494 {
    label: "Column 494"
    type: yesno
    sql: ${TABLE}.col_0494 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0495 {
    label: "Column 495"
    type: string
    sql: ${TABLE}.col_0495 ;;
    group_label: "Block 9"
  }

  dimension: col_0496 {
    label: "Column 496"
    type: number
    sql: ${TABLE}.col_0496 ;;
    group_label: "Block 9"
  }

  dimension: col_0497 {
    label: "Column 497"
    type: yesno
    sql: ${TABLE}.col_0497 = 1 ;;
    group_label: "Block 9"
  }

  dimension: col_0498 {
    label: "Column 498"
    type: string
    sql: ${TABLE}.col_0498 ;;
    group_label: "Block 9"
  }

  dimension: col_0499 {
    label: "Column 499"
    type: number
    sql: ${TABLE}.col_0499 ;;
    group_label: "Block 9"
  }

  dimension: col_0500 {
    label: "Column 500"
    type: yesno
    sql: ${TABLE}.col_0500 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0501 {
    label: "Column 501"
    type: string
    sql: ${TABLE}.col_0501 ;;
    group_label: "Block 10"
  }

  dimension: col_0502 {
    label: "Column 502"
    type: number
    sql: ${TABLE}.col_0502 ;;
    group_label: "Block 10"
  }

  dimension: col_0503 {
    label: "Column 503"
    type: yesno
    sql: ${TABLE}.col_0503 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0504 {
    label: "Column 504"
    type: string
    sql: ${TABLE}.col_0504 ;;
    group_label: "Block 10"
  }

  dimension: col_0505 {
    label: "Column 505"
    type: number
    sql: ${TABLE}.col_0505 ;;
    group_label: "Block 10"
  }

  dimension: col_0506 {
    label: "Column 506"
    type: yesno
    sql: ${TABLE}.col_0506 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0507 {
    label: "Column 507"
    type: string
    sql: ${TABLE}.col_0507 ;;
    group_label: "Block 10"
  }

  dimension: col_0508 {
    label: "Column 508"
    type: number
    sql: ${TABLE}.col_0508 ;;
    group_label: "Block 10"
  }

  dimension: col_0509 {
    label: "Column 509"
    type: yesno
    sql: ${TABLE}.col_0509 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0510 {
    label: "Column 510"
    type: string
    sql: ${TABLE}.col_0510 ;;
    group_label: "Block 10"
  }

  dimension: col_0511 {
    label: "Column 511"
    type: number
    sql: ${TABLE}.col_0511 ;;
    group_label: "Block 10"
  }

  dimension: col_0512 {
    label: "Column 512"
    type: yesno
    sql: ${TABLE}.col_0512 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0513 {
    label: "Column 513"
    type: string
    sql: ${TABLE}.col_0513 ;;
    group_label: "Block 10"
  }

  dimension: col_0514 {
    label: "Column 514"
    type: number
    sql: ${TABLE}.col_0514 ;;
    group_label: "Block 10"
  }

  dimension: col_0515 {
    label: "Column 515"
    type: yesno
    sql: ${TABLE}.col_0515 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0516 {
    label: "Column 516"
    type: string
    sql: ${TABLE}.col_0516 ;;
    group_label: "Block 10"
  }

  dimension: col_0517 {
    label: "Column 517"
    type: number
    sql: ${TABLE}.col_0517 ;;
    group_label: "Block 10"
  }

  dimension: col_0518 {
    label: "Column 518"
    type: yesno
    sql: ${TABLE}.col_0518 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0519 {
    label: "Column 519"
    type: string
    sql: ${TABLE}.col_0519 ;;
    group_label: "Block 10"
  }

  dimension: col_0520 {
    label: "Column 520"
    type: number
    sql: ${TABLE}.col_0520 ;;
    group_label: "Block 10"
  }

  dimension: col_0521 {
    label: "Column 521"
    type: yesno
    sql: ${TABLE}.col_0521 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0522 {
    label: "Column 522"
    type: string
    sql: ${TABLE}.col_0522 ;;
    group_label: "Block 10"
  }

  dimension: col_0523 {
    label: "Column 523"
    type: number
    sql: ${TABLE}.col_0523 ;;
    group_label: "Block 10"
  }

  dimension: col_0524 {
    label: "Column 524"
    type: yesno
    sql: ${TABLE}.col_0524 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0525 {
    label: "Column 525"
    type: string
    sql: ${TABLE}.col_0525 ;;
    group_label: "Block 10"
  }

  dimension: col_0526 {
    label: "Column 526"
    type: number
    sql: ${TABLE}.col_0526 ;;
    group_label: "Block 10"
  }

  dimension: col_0527 {
    label: "Column 527"
    type: yesno
    sql: ${TABLE}.col_0527 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0528 {
    label: "Column 528"
    type: string
    sql: ${TABLE}.col_0528 ;;
    group_label: "Block 10"
  }

  dimension: col_0529 {
    label: "Column 529"
    type: number
    sql: ${TABLE}.col_0529 ;;
    group_label: "Block 10"
  }

  dimension: col_0530 {
    label: "Column 530"
    type: yesno
    sql: ${TABLE}.col_0530 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0531 {
    label: "Column 531"
    type: string
    sql: ${TABLE}.col_0531 ;;
    group_label: "Block 10"
  }

  dimension: col_0532 {
    label: "Column 532"
    type: number
    sql: ${TABLE}.col_0532 ;;
    group_label: "Block 10"
  }

  dimension: col_0533 {
    label: "Column 533"
    type: yesno
    sql: ${TABLE}.col_0533 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0534 {
    label: "Column 534"
    type: string
    sql: ${TABLE}.col_0534 ;;
    group_label: "Block 10"
  }

  dimension: col_0535 {
    label: "Column 535"
    type: number
    sql: ${TABLE}.col_0535 ;;
    group_label: "Block 10"
  }

  dimension: col_0536 {
    label: "Column 536"
    type: yesno
    sql: ${TABLE}.col_0536 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0537 {
    label: "Column 537"
    type: string
    sql: ${TABLE}.col_0537 ;;
    group_label: "Block 10"
  }

  dimension: col_0538 {
    label: "Column 538"
    type: number
    sql: ${TABLE}.col_0538 ;;
    group_label: "Block 10"
  }

  dimension: col_0539 {
    label: "Column 539"
    type: yesno
    sql: ${TABLE}.col_0539 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0540 {
    label: "Column 540"
    type: string
    sql: ${TABLE}.col_0540 ;;
    group_label: "Block 10"
  }

  dimension: col_0541 {
    label: "Column 541"
    type: number
    sql: ${TABLE}.col_0541 ;;
    group_label: "Block 10"
  }

  dimension: col_0542 {
    label: "Column 542"
    type: yesno
    sql: ${TABLE}.col_0542 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0543 {
    label: "Column 543"
    type: string
    sql: ${TABLE}.col_0543 ;;
    group_label: "Block 10"
  }

  dimension: col_0544 {
    label: "Column 544"
    type: number
    sql: ${TABLE}.col_0544 ;;
    group_label: "Block 10"
  }

  dimension: col_0545 {
    label: "Column 545"
    type: yesno
    sql: ${TABLE}.col_0545 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0546 {
    label: "Column 546"
    type: string
    sql: ${TABLE}.col_0546 ;;
    group_label: "Block 10"
  }

  dimension: col_0547 {
    label: "Column 547"
    type: number
    sql: ${TABLE}.col_0547 ;;
    group_label: "Block 10"
  }

  dimension: col_0548 {
    label: "Column 548"
    type: yesno
    sql: ${TABLE}.col_0548 = 1 ;;
    group_label: "Block 10"
  }

  dimension: col_0549 {
    label: "Column 549"
    type: string
    sql: ${TABLE}.col_0549 ;;
    group_label: "Block 10"
  }

  dimension: col_0550 {
    label: "Column 550"
    type: number
    sql: ${TABLE}.col_0550 ;;
    group_label: "Block 11"
  }

  dimension: col_0551 {
    label: "Column 551"
    type: yesno
    sql: ${TABLE}.col_0551 = 1 ;;
    group_label: "Block 11"
  }

  dimension: col_0552 {
    label: "Column 552"
    type: string
    sql: ${TABLE}.col_0552 ;;
    group_label: "Block 11"
  }

  dimension: col_0553 {
    label: "Column 553"
    type: number
    sql: ${TABLE}.col_0553 ;;
    group_label: "Block 11"
  }

  dimension: col_0554 {
    label: "Column 554"
    type: yesno
    sql: ${TABLE}.col_0554 = 1 ;;
    group_label: "Block 11"
  }

  dimension: col_0555 {
    label: "Column 555"
    type: string
    sql: ${TABLE}.col_0555 ;;
    group_label: "Block 11"
  }

  dimension: col_0556 {
    label: "Column 556"
    type: number
    sql: ${TABLE}.col_0556 ;;
    group_label: "Block 11"
  }

  dimension: col_0557 {
    label: "Column 557"
    type: yesno
    sql: ${TABLE}.col_0557 = 1 ;;
    group_label: "Block 11"
  }

  dimension: col_0558 {
    label: "Column 558"
    type: string
    sql: ${TABLE}.col_0558 ;;
    group_label: "Block 11"
  }

  dimension: col_0559 {
    label: "Column 559"
    type: number
    sql: ${TABLE}.col_0559 ;;
    group_label: "Block 11"
  }

  dimension: col_0560 {
    label: "Column 560"
    type: yesno
    sql: ${TABLE}.col_0560 = 1 ;;
    group_label: "Block 11"
  }

  dimension: col_0561 {
    label: "Column 561"
    type: string
    sql: ${TABLE}.col_0561 ;;
    group_label: "Block 11"
  }

  dimension: col_0562 {
    label: "Column 562"
    type: number
    sql: ${TABLE}.col_0562 ;;
    group_label: "Block 11"
  }

  dimension: col_0563 {
    label: "Column 563"
    type: yesno
    sql: ${TABLE}.col_0563 = 1 ;;
    group_label: "Block 11"
  }

  dimension: col_0564 {
    label: "Column 564"
    type: string
    sql: ${TABLE}.col_0564 ;;
    group_label: "Block 11"
  }

  dimension: col_0565 {
    label: "Column 565"
    type: number
    sql: ${TABLE}.col_0565 ;;
    group_label: "Block 11"
  }

  dimension: col_0566 {
    label: "Column 566"
    type: yesno
    sql: ${TABLE}.col_0566 = 1 ;;
    group_label: "Block 11"
  }

  dimension: col_0567 {
    label: "Column 567"
    type: string
    sql: ${TABLE}.col_0567 ;;
    group_label: "Block 11"
  }

  dimension: col_0568 {
    label: "Column 568"
    type: number
    sql: ${TABLE}.col_0568 ;;
    group_label: "Block 11"
  }

  dimension: col_0569 {
    label: "Column 569"
    type: yesno
    sql: ${TABLE}.col_0569 = 1 ;;
    group_label: "Block 11"
  }

  dimension: col_0570 {
    label: "Column 570"
    type: string
    sql: ${TABLE}.col_0570 ;;
    group_label: "Block 11"
  }

  measure: count {
    type: count
  }
}
